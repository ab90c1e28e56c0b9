package dev.brisk.core.entity;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;

import java.util.regex.Pattern;

/** Entity name rules of OpenWhisk's EntityPath.scala: word characters, inner spaces and {@code @ . & -}, at most 256. */
public final class EntityName {
    public static final int MAX_LENGTH = 256;
    // \w is ASCII-only here, as in the JVM regex OpenWhisk uses
    private static final Pattern VALID = Pattern.compile("\\A([\\w]|[\\w][\\w@ .&-]{0,254}[\\w@.&-])\\z");

    private EntityName() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /** Returns the name, or throws 400 with OpenWhisk's message. */
    public static String require(String name) {
        if (name != null && name.length() > MAX_LENGTH) {
            throw ApiException.badRequest(Messages.nameTooLong(name.length(), MAX_LENGTH));
        }
        if (!isValid(name)) {
            throw ApiException.badRequest(Messages.ILLEGAL_NAME);
        }
        return name;
    }
}
