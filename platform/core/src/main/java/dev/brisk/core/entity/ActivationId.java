package dev.brisk.core.entity;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Activation ids are 32 lower-case hex characters, as in OpenWhisk (ActivationId.scala). */
public final class ActivationId {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

    private ActivationId() {
    }

    public static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Validates an id from a request: 400 with OpenWhisk's text when the length is wrong. */
    public static String parse(String id) {
        if (id.length() != 32) {
            throw ApiException.badRequest(Messages.badActivationIdLength(id.length()));
        }
        if (!HEX32.matcher(id).matches()) {
            throw ApiException.badRequest("The activation id is not valid.");
        }
        return id;
    }
}
