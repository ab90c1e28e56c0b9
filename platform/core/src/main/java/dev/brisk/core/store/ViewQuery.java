package dev.brisk.core.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A key range over a view, inclusive at both ends, in CouchDB collation order (numbers before strings; see
 * {@link ViewKeys}). {@code descending} walks the range from the high end. {@code limit} 0 means no limit.
 */
public record ViewQuery(List<Object> low, List<Object> high, boolean descending, int skip, int limit) {

    /** All rows whose key starts with {@code prefix}. */
    public static ViewQuery prefix(Object... prefix) {
        List<Object> high = new ArrayList<>(List.of(prefix));
        high.add(ViewKeys.MAX);
        return new ViewQuery(List.of(prefix), high, false, 0, 0);
    }

    public ViewQuery descending(boolean d) {
        return new ViewQuery(low, high, d, skip, limit);
    }

    public ViewQuery page(int newSkip, int newLimit) {
        return new ViewQuery(low, high, descending, newSkip, newLimit);
    }

    public ViewQuery range(List<Object> newLow, List<Object> newHigh) {
        return new ViewQuery(newLow, newHigh, descending, skip, limit);
    }
}
