package dev.brisk.core.container;

/**
 * Starts action containers that speak OpenWhisk's runtime protocol ({@code POST /init}, {@code POST /run}, the log
 * sentinel). Implementations: child processes (sandboxed with bubblewrap), Docker, Kubernetes. All of them pass
 * {@code ContainerFactoryContract}.
 */
public interface ContainerFactory extends AutoCloseable {

    /** Starts a container for {@code spec} and returns once its proxy accepts requests. */
    Container create(ContainerSpec spec) throws ContainerException;

    /** How containers are isolated and bounded, for the operator (logged when the invoker starts). */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** Removes containers a previous run of this invoker left behind. */
    default void cleanup() {
    }

    @Override
    void close();
}
