package dev.brisk.core.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

/** A {@code uuid:key} credential: a UUID and a 64-character alphanumeric secret (Secret.scala). */
public record AuthKey(String uuid, String key) {
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern KEY_FORM = Pattern.compile("[A-Za-z0-9]{1,64}");

    /** Parses {@code uuid:key}; empty when it is not of that form. */
    public static Optional<AuthKey> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String uuid = text.substring(0, colon);
        String key = text.substring(colon + 1);
        if (!UUID_FORM.matcher(uuid).matches() || !KEY_FORM.matcher(key).matches()) {
            return Optional.empty();
        }
        return Optional.of(new AuthKey(uuid, key));
    }

    /** Compares the secret in constant time so response timing does not leak how much of it matched. */
    public boolean keyEquals(String candidate) {
        return MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    public String compact() {
        return uuid + ":" + key;
    }

    @Override
    public String toString() {
        return "AuthKey[" + uuid + "]";
    }
}
