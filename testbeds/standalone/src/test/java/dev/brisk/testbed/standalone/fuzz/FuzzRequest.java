package dev.brisk.testbed.standalone.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One hostile request: method, raw path (already percent-encoded as sent), headers and body, with the generator's
 * category for the report.
 */
record FuzzRequest(String category, String method, String path, Map<String, String> headers, byte[] body) {

    static FuzzRequest of(String category, String method, String path, Map<String, String> headers, String body) {
        return new FuzzRequest(category, method, path, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** For failure messages: the request without a huge body. */
    String describe() {
        String b = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                + (body.length > 200 ? "... (" + body.length + " bytes)" : "");
        StringBuilder h = new StringBuilder();
        headers.forEach((k, v) -> h.append(k).append(": ")
                .append(k.equals("Authorization") ? v.substring(0, Math.min(v.length(), 24)) + "..." : v).append("; "));
        return category + ": " + method + " " + path + " [" + h + "] " + b;
    }
}
