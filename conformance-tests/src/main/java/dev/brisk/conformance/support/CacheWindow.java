package dev.brisk.conformance.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.restassured.response.Response;

/**
 * Reads that must show the scenario's own writes, on a target that caches entities.
 *
 * <p>OpenWhisk caches actions, triggers, rules and packages in each controller and invalidates the other controllers'
 * copies asynchronously, so for a moment after an update, a delete or a rule's status change a read (or an invoke or a
 * fire, which read entities too) may still see the entity as it was. OpenWhisk's own system tests retry such reads
 * ({@code WskRestBasicTests.cacheRetry}: "Retry operations that need to settle the controller cache";
 * {@code WskRestRuleTests}: "the enable/disable causes a cache invalidation which needs to propagate first").
 *
 * <p>A write step notes, with {@link #wrote}, what a read of the entity shows once the write is visible. Before the
 * scenario reads an entity, invokes or fires, {@link #settle} repeats each noted read until it shows its write or the
 * cache window ({@code brisk.cache-window}, scaled by the timeout factor) has passed. Nothing is repeated when the
 * scenario wrote nothing, or when the first read already shows the write (a target without such a cache costs one
 * read per write). A read that never shows its write is left to the scenario's own assertions, which then fail.
 */
public final class CacheWindow {

    private record Pending(Supplier<Response> read, Predicate<Response> shows) {
    }

    private final Duration window;
    private final Duration interval;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final List<String> unsettled = new ArrayList<>();

    public CacheWindow(Duration window) {
        this(window, Duration.ofMillis(500));
    }

    CacheWindow(Duration window, Duration interval) {
        this.window = window;
        this.interval = interval;
    }

    /**
     * Notes a write of {@code entity} (a key such as "triggers/NAME"): once it is visible, {@code read} answers what
     * {@code shows} accepts. A write that did not succeed (not 2xx) changed nothing and is not noted. A later write of
     * the same entity replaces the note.
     */
    public void wrote(String entity, Response write, Supplier<Response> read, Predicate<Response> shows) {
        if (write.statusCode() >= 200 && write.statusCode() < 300) {
            pending.remove(entity);
            pending.put(entity, new Pending(read, shows));
        }
    }

    /** Whether writes are noted that no read has yet been seen to show. */
    public boolean pending() {
        return !pending.isEmpty();
    }

    /**
     * Repeats the read of each noted write until it shows the write, all within one cache window from now; then
     * forgets them. Returns the entities whose writes were not seen (also kept for {@link #unsettled()}).
     */
    public List<String> settle() {
        List<String> notSeen = new ArrayList<>();
        if (pending.isEmpty()) {
            return notSeen;
        }
        long end = System.nanoTime() + window.toNanos();
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            boolean seen = p.shows().test(p.read().get());
            while (!seen && System.nanoTime() < end) {
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                seen = p.shows().test(p.read().get());
            }
            if (!seen) {
                notSeen.add(e.getKey());
            }
        }
        pending.clear();
        unsettled.addAll(notSeen);
        return notSeen;
    }

    /** Entities whose writes no read showed within the window, in this scenario. */
    public List<String> unsettled() {
        return List.copyOf(unsettled);
    }

    // ------------------------------------------------------------------ what a read shows

    /**
     * The entity as the write answered it: 200 with the same {@code version} and {@code updated} as the write's
     * response (each member compared when both answers have it; whether a read must have it is for the scenario).
     */
    public static Predicate<Response> sameRevisionAs(Response write) {
        Object written = parse(write);
        Object version = Json.at(written, "version");
        Object updated = Json.at(written, "updated");
        return r -> {
            if (r.statusCode() != 200) {
                return false;
            }
            Object read = parse(r);
            Object readVersion = Json.at(read, "version");
            Object readUpdated = Json.at(read, "updated");
            return (version == Json.MISSING || readVersion == Json.MISSING || Objects.equals(version, readVersion))
                    && (updated == Json.MISSING || readUpdated == Json.MISSING || sameNumber(updated, readUpdated));
        };
    }

    /** The entity is gone: 404. */
    public static Predicate<Response> gone() {
        return r -> r.statusCode() == 404;
    }

    /** 200 with the member at {@code path} equal to {@code value} (for example a rule's "status"). */
    public static Predicate<Response> member(String path, Object value) {
        return r -> r.statusCode() == 200 && Objects.equals(value, Json.at(parse(r), path));
    }

    private static boolean sameNumber(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? x.longValue() == y.longValue() : Objects.equals(a, b);
    }

    private static Object parse(Response r) {
        try {
            return Json.parse(r.asString());
        } catch (AssertionError notJson) {
            return null;
        }
    }
}
