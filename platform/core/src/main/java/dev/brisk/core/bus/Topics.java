package dev.brisk.core.bus;

/** OpenWhisk's topic names: {@code invoker<N>}, {@code completed<N>}, {@code health}, with an optional prefix. */
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
}
