package dev.brisk.core.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;

/** A {@code uuid:key} credential: a UUID and a 64-character alphanumeric secret (Secret.scala). */
public record AuthKey(String uuid, String key) {

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
        try {
            UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > 64 || !key.chars().allMatch(Character::isLetterOrDigit)) {
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
