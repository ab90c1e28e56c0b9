package dev.brisk.testbed.docker;

/**
 * The images of the Docker testbed. Defaults: the official images where one exists (for users with a registry),
 * Brisk's own for the services; {@code ci/build-images testbed} builds local equivalents, which CI, {@code ci/testbed}
 * and the module's integration tests select with {@code brisk.testbed.images=local}. Each can be overridden by the system property {@code brisk.testbed.image.<part>} or the
 * environment variable {@code BRISK_TESTBED_IMAGE_<PART>} (part: controller, invoker, kafka, couchdb, nginx).
 */
public record TestbedImages(String controller, String invoker, String kafka, String couchdb, String nginx) {
    /** Official images for Kafka, CouchDB and nginx; Brisk's for controller and invoker. */
    public static TestbedImages official() {
        return new TestbedImages("brisk/controller:dev", "brisk/invoker:dev", "apache/kafka:4.1.1", "couchdb:3",
                "nginx:1.27");
    }

    /** What {@code ci/build-images testbed} builds (no registry needed). */
    public static TestbedImages local() {
        return new TestbedImages("brisk/controller:dev", "brisk/invoker:dev", "brisk/kafka:dev", "brisk/couchdb:dev",
                "brisk/nginx:dev");
    }

    /**
     * {@code brisk.testbed.images=official|local} (default official), then per-part overrides.
     */
    public static TestbedImages configured() {
        TestbedImages base = isLocal() ? local() : official();
        return new TestbedImages(setting("image.controller", base.controller), setting("image.invoker", base.invoker),
                setting("image.kafka", base.kafka), setting("image.couchdb", base.couchdb),
                setting("image.nginx", base.nginx));
    }

    /** Whether {@code brisk.testbed.images} (or {@code BRISK_TESTBED_IMAGES}) is {@code local}. */
    public static boolean isLocal() {
        return "local".equals(setting("images", "official"));
    }

    private static String setting(String key, String fallback) {
        String v = System.getProperty("brisk.testbed." + key);
        if (v == null || v.isBlank()) {
            v = System.getenv("BRISK_TESTBED_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
