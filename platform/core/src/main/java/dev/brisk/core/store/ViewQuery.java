package dev.brisk.core.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A key range over a view, inclusive at both ends, in CouchDB collation order (numbers before strings; see
 * {@link ViewKeys}). {@code descending} walks the range from the high end. {@code limit} 0 means no limit.
 * {@code mayLag}: the answer may miss the latest writes, so a store need not bring its index up to date first
 * (CouchDB's {@code stale=update_after}, as OpenWhisk reads activation lists); a store may always answer fresh.
 */
public record ViewQuery(List<Object> low, List<Object> high, boolean descending, int skip, int limit,
                        boolean mayLag) {

    public ViewQuery(List<Object> low, List<Object> high, boolean descending, int skip, int limit) {
        this(low, high, descending, skip, limit, false);
    }

    /** All rows whose key starts with {@code prefix}. */
    public static ViewQuery prefix(Object... prefix) {
        List<Object> high = new ArrayList<>(List.of(prefix));
        high.add(ViewKeys.MAX);
        return new ViewQuery(List.of(prefix), high, false, 0, 0);
    }

    public ViewQuery descending(boolean d) {
        return new ViewQuery(low, high, d, skip, limit, mayLag);
    }

    public ViewQuery page(int newSkip, int newLimit) {
        return new ViewQuery(low, high, descending, newSkip, newLimit, mayLag);
    }

    public ViewQuery range(List<Object> newLow, List<Object> newHigh) {
        return new ViewQuery(newLow, newHigh, descending, skip, limit, mayLag);
    }

    /** The same query, answered from the index as it is (see the class comment). */
    public ViewQuery lagging() {
        return new ViewQuery(low, high, descending, skip, limit, true);
    }
}
