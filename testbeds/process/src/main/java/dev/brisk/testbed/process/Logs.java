package dev.brisk.testbed.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Small helpers for error messages that quote a part's log. */
final class Logs {
    private Logs() {
    }

    /**
     * What explains a failure: the first lines naming an exception or a severe error (a stack trace's tail alone
     * rarely says why), then the last {@code lines} lines.
     */
    static String excerpt(Path file, int lines) {
        String tail = tail(file, lines);
        if (file == null || !Files.isRegularFile(file)) {
            return tail;
        }
        try (java.util.stream.Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
            List<String> causes = all.filter(l -> !l.startsWith("\tat ") && !l.startsWith("---- ")
                            && (l.contains("Exception") || l.contains("Error") || l.contains("SEVERE")
                            || l.contains("Caused by") || l.contains("[emerg]")))
                    .limit(6).toList();
            if (causes.isEmpty()) {
                return tail;
            }
            return "    first errors:\n    " + String.join("\n    ", causes) + "\n    last lines:\n" + tail;
        } catch (IOException | java.io.UncheckedIOException e) {
            return tail;
        }
    }

    /** The last {@code lines} lines of a log (reads at most its last 64 KB), indented; never throws. */
    static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "    (no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long from = Math.max(0, len - 65_536);
            byte[] buf = new byte[(int) (len - from)];
            raf.seek(from);
            raf.readFully(buf);
            List<String> all = Arrays.asList(new String(buf, StandardCharsets.UTF_8).split("\\R"));
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "    " + String.join("\n    ", last);
        } catch (IOException e) {
            return "    (cannot read " + file + ": " + e + ")";
        }
    }
}
