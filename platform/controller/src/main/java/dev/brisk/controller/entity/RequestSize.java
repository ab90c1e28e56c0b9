package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;

/**
 * Size checks with OpenWhisk's 413 texts: the request body before it is parsed ({@code Request larger than allowed}),
 * and the {@code exec}, {@code parameters} and {@code annotations} of an entity ({@code <field> larger than allowed}).
 */
public final class RequestSize {
    private RequestSize() {
    }

    /**
     * Refuses a body whose declared {@code Content-Length} or actual UTF-8 size is above {@code max}.
     *
     * @param declaredLength the Content-Length header, or -1
     */
    public static void checkBody(long declaredLength, String body, long max) {
        long size = declaredLength > max ? declaredLength : utf8Length(body);
        if (size > max) {
            throw new ApiException(413, Messages.requestTooLarge(size, max));
        }
    }

    /** The code of an {@code exec} ({@code code}, base64 text for binaries), as OpenWhisk sizes it. */
    public static void checkExec(JsonNode exec, long max) {
        if (exec != null && exec.path("code").isTextual()) {
            long size = utf8Length(exec.get("code").asText());
            if (size > max) {
                throw new ApiException(413, Messages.entityTooBig("exec", size, max));
            }
        }
    }

    /** {@code parameters} or {@code annotations}: the sum of each key and compact JSON value. */
    public static void checkParameters(JsonNode content, String field, long max) {
        JsonNode list = content == null ? null : content.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        long size = 0;
        for (JsonNode kv : list) {
            size += utf8Length(kv.path("key").asText()) + utf8Length(Json.write(kv.path("value")));
        }
        if (size > max) {
            throw new ApiException(413, Messages.entityTooBig(field, size, max));
        }
    }

    static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
