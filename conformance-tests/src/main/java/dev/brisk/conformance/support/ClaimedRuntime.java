package dev.brisk.conformance.support;

import java.util.Map;

/**
 * Code for {@code core} scenarios that need an action to run but not a particular language: written once per runtime
 * the suite knows, and picked from the runtimes the target claims (Node.js first, then Python), so a target passes
 * {@code core} with any one runtime (spec/README). Such scenarios carry the tag {@code @any-runtime}; a target that
 * claims none of these runtimes skips them, with the reason.
 */
public final class ClaimedRuntime {
    /** The runtime families in order of preference, with their category. */
    private static final Map<String, String> CATEGORIES = Map.of("nodejs", "runtime-nodejs", "python", "runtime-python");

    /** What the action does, per runtime family. */
    public enum Behaviour {
        RETURNS_ITS_PARAMETERS(Map.of(
                "nodejs", "function main(params) { return params; }\n",
                "python", "def main(args):\n    return args\n"));

        private final Map<String, String> code;

        Behaviour(Map<String, String> code) {
            this.code = code;
        }

        public String code(String family) {
            return code.get(family);
        }
    }

    private ClaimedRuntime() {
    }

    /** {@code nodejs} if the target claims it, else {@code python} if it claims that, else null. */
    public static String family(TargetConfig config) {
        for (String family : new String[] {"nodejs", "python"}) {
            if (config.claims(CATEGORIES.get(family))) {
                return family;
            }
        }
        return null;
    }
}
