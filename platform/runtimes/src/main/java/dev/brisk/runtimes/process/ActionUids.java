package dev.brisk.runtimes.process;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Host user ids for action containers, one per live container, so that no two containers (of this invoker or of any
 * other on the host) ever run as the same user: even outside its namespaces an action owns nothing of another's.
 * A uid is claimed by an exclusive lock on {@code <dir>/<uid>.lock}; the kernel drops the lock when its JVM dies, so
 * a crashed invoker's uids come free by themselves and a live one's are never handed out twice.
 */
final class ActionUids implements AutoCloseable {
    private final Path dir;
    private final int base;
    private final int count;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<Integer, FileLock> held = new ConcurrentHashMap<>();

    ActionUids(Path dir, int base, int count) throws IOException {
        if (base <= 0 || count <= 0 || (long) base + count >= 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uid range " + base + " + " + count + " is not a range of user ids");
        }
        this.dir = Files.createDirectories(dir);
        this.base = base;
        this.count = count;
    }

    int base() {
        return base;
    }

    int count() {
        return count;
    }

    /** A uid no other live container has. */
    int claim() throws IOException {
        int start = Math.floorMod(next.getAndIncrement(), count);
        for (int i = 0; i < count; i++) {
            int uid = base + (start + i) % count;
            if (held.containsKey(uid)) {
                continue;
            }
            FileChannel channel = FileChannel.open(dir.resolve(uid + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null && held.putIfAbsent(uid, lock) == null) {
                    return uid;
                }
                if (lock != null) {
                    lock.release();
                }
            } catch (OverlappingFileLockException raced) {
                // another thread of this JVM holds it
            }
            channel.close();
        }
        throw new IOException("all " + count + " action uids from " + base + " are in use");
    }

    void release(int uid) {
        FileLock lock = held.remove(uid);
        if (lock != null) {
            try {
                lock.channel().close(); // releases the lock
            } catch (IOException e) {
                // closed already
            }
        }
    }

    boolean holds(int uid) {
        return held.containsKey(uid);
    }

    @Override
    public void close() {
        held.keySet().forEach(this::release);
    }
}
