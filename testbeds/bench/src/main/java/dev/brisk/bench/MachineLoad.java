package dev.brisk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine's load averages (1, 5 and 15 minutes, from {@code /proc/loadavg}) and core count, recorded beside the
 * figures: a ratio measured on a loaded machine means something else than one measured on a quiet one.
 */
record MachineLoad(double one, double five, double fifteen, int cores) {

    /** Now; NaN load averages where {@code /proc/loadavg} cannot be read (not Linux). */
    static MachineLoad now() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new MachineLoad(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), cores);
        } catch (IOException | RuntimeException e) {
            return new MachineLoad(Double.NaN, Double.NaN, Double.NaN, cores);
        }
    }

    /** Load per core over the last minute; above 1 the benchmark competed for the CPU. */
    double perCore() {
        return one / cores;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "load %.2f %.2f %.2f on %d cores", one, five, fifteen, cores);
    }
}
