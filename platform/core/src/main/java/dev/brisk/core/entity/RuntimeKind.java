package dev.brisk.core.entity;

/**
 * One runtime kind of the manifest, as OpenWhisk's runtimes.json describes it.
 *
 * @param kind        e.g. {@code nodejs:20}
 * @param family      e.g. {@code nodejs}
 * @param isDefault   whether {@code <family>:default} resolves to this kind
 * @param image       the container image a Docker or Kubernetes factory runs for it unless configured otherwise
 * @param requireMain whether actions of this kind must name their entry point
 */
public record RuntimeKind(String kind, String family, boolean isDefault, String image, boolean requireMain) {
    /** OpenWhisk's {@code deprecated}: no kind Brisk runs is on its way out. */
    public boolean deprecated() {
        return false;
    }

    /**
     * OpenWhisk's {@code attached}: whether an action's code is stored as an attachment of its document (OpenWhisk
     * attaches it for the kinds its runtimes.json gives an {@code attached} entry). Brisk keeps the code inline in the
     * document for every kind.
     */
    public boolean attached() {
        return false;
    }
}
