package dev.brisk.testbed.process;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The mix of one soak: what operation {@code i} is, from a seed. Shares (of 100): blocking invokes 30, non-blocking
 * invokes 20, sequences 10, trigger fires 10, entity create/read/delete 10, reads (GET, lists) 20.
 */
final class SoakTraffic {
    enum Op { BLOCKING, NON_BLOCKING, SEQUENCE, FIRE, CRUD, READ }

    static final List<String> ACTIONS = List.of("soak-node", "soak-python", "soak-params");

    private final long seed;

    SoakTraffic(long seed) {
        this.seed = seed;
    }

    Op op(long i) {
        int n = new SplittableRandom(seed + i * 0x9E3779B97F4A7C15L).nextInt(100);
        return n < 30 ? Op.BLOCKING : n < 50 ? Op.NON_BLOCKING : n < 60 ? Op.SEQUENCE : n < 70 ? Op.FIRE
                : n < 80 ? Op.CRUD : Op.READ;
    }

    String action(long i) {
        return ACTIONS.get((int) Math.floorMod(i, (long) ACTIONS.size()));
    }
}
