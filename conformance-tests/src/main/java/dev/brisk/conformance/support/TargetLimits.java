package dev.brisk.conformance.support;

import io.restassured.response.Response;

/**
 * Limits the target advertises at {@code GET /} ({@code limits.*}, OpenWhisk's {@code RestApiCommons} info), with
 * OpenWhisk's defaults where it advertises none: a deployment may configure other values, and the scenarios judge
 * the target by its own.
 */
public final class TargetLimits {
    /** OpenWhisk's default {@code limits.sequenceMaxLength} (ansible group_vars). */
    public static final long DEFAULT_SEQUENCE_LENGTH = 50;

    private TargetLimits() {
    }

    /** {@code limits.sequence_length} of {@code GET /}, else OpenWhisk's default. */
    public static long sequenceLength(World world) {
        try {
            Response root = world.anonymous().get("/");
            Object reported = root.statusCode() == 200
                    ? Json.at(Json.parse(root.asString()), "limits.sequence_length") : null;
            return reported instanceof Number n ? n.longValue() : DEFAULT_SEQUENCE_LENGTH;
        } catch (RuntimeException notJson) { // a front end that serves its own page at /
            return DEFAULT_SEQUENCE_LENGTH;
        }
    }
}
