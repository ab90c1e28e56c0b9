package dev.brisk.core.entity;

/**
 * One runtime kind of the manifest, as OpenWhisk's runtimes.json describes it.
 *
 * @param kind        e.g. {@code nodejs:20}
 * @param family      e.g. {@code nodejs}
 * @param isDefault   whether {@code <family>:default} resolves to this kind
 * @param image       the container image a Docker or Kubernetes factory runs for it
 * @param requireMain whether actions of this kind must name their entry point
 */
public record RuntimeKind(String kind, String family, boolean isDefault, String image, boolean requireMain) {
}
