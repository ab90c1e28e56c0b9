package dev.brisk.controller.api;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;

/**
 * {@code limit}, {@code skip} and {@code count} of list requests with OpenWhisk's rules (RestAPIs.scala): limit
 * defaults to 30, 0 means the maximum 200, above 200 is refused; skip must be a non-negative integer.
 */
public record ListParams(int limit, int skip, boolean count) {
    public static final int DEFAULT_LIMIT = 30;
    public static final int MAX_LIMIT = 200;

    public static ListParams parse(String limit, String skip, String count, String collection) {
        int l = DEFAULT_LIMIT;
        if (limit != null) {
            l = integer(limit, collection);
            if (l < 0 || l > MAX_LIMIT) {
                throw ApiException.badRequest(Messages.limitOutOfRange(limit, collection));
            }
            if (l == 0) {
                l = MAX_LIMIT;
            }
        }
        int s = 0;
        if (skip != null) {
            s = integer(skip, collection);
            if (s < 0) {
                throw ApiException.badRequest(Messages.skipNegative(skip, collection));
            }
        }
        return new ListParams(l, s, "true".equalsIgnoreCase(count));
    }

    private static int integer(String value, String collection) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(Messages.notAnInteger(value, collection));
        }
    }
}
