package dev.brisk.core.store;

import java.util.List;

/** One row of a view: the emitting document and the key it was emitted under. */
public record ViewRow(List<Object> key, Document document) {
}
