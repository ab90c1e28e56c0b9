package dev.brisk.core.bus;

/**
 * OpenWhisk's topic names: {@code invoker<N>}, {@code completed<N>}, {@code health}, {@code cacheInvalidation}, with an
 * optional prefix.
 */
public record Topics(String prefix) {
    public static final Topics DEFAULT = new Topics("");

    public String invoker(int id) {
        return prefix + "invoker" + id;
    }

    public String completed(int controllerId) {
        return prefix + "completed" + controllerId;
    }

    public String health() {
        return prefix + "health";
    }

    /**
     * Written entities, {@code {"key": <document id>, "instance": <sender>}}: controllers evict their cached copy,
     * invokers retire the containers of an updated or deleted action. Every reader is a consumer group of its own.
     */
    public String cacheInvalidation() {
        return prefix + "cacheInvalidation";
    }
}
