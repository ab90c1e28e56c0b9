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
     * Whether several activations of one action may run in one container of this kind at once (the action's
     * {@code limits.concurrency}): Brisk's Node.js proxy runs concurrent {@code /run} requests concurrently, its
     * Python and Java proxies one at a time. OpenWhisk too supports it for the nodejs family only
     * ({@code docs/intra-concurrency.md}) and accepts the limit for every kind; an action of another kind runs one
     * activation per container whatever its limit.
     */
    public boolean concurrent() {
        return "nodejs".equals(family);
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
