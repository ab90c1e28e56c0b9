package dev.brisk.runtime.java;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Brisk's inline-logs extension of the runtime protocol, the proxy's side: while installed, {@code System.out} and
 * {@code System.err} are tees that still write to the real streams and also collect what the action writes, line by
 * line, each stamped when its first byte arrives and formatted as OpenWhisk's activation logs
 * ({@code "%-30s %s: %s"}: an ISO-8601 instant with nine fraction digits, {@code stdout} or {@code stderr}, the
 * message). Collection stops at {@link #MAX_BYTES}, which sets {@code truncated}.
 *
 * <p>Only loaded when a request carries {@code X-Brisk-Logs: inline}, so it costs a plain cold start nothing.
 */
final class InlineLogCapture {
    static final String HEADER = "X-Brisk-Logs";
    static final String INLINE = "inline";
    static final String CONTENT_TYPE = "application/vnd.brisk.logs+json";
    /** Bytes of log text collected per request before {@code truncated}. */
    static final long MAX_BYTES = 10L * 1024 * 1024;
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

    private final List<String> lines = new ArrayList<>();
    private long bytes;
    private boolean truncated;
    private final PrintStream realOut;
    private final PrintStream realErr;
    private final Tee out;
    private final Tee err;
    private final PrintStream teeOut;
    private final PrintStream teeErr;

    private InlineLogCapture() {
        realOut = System.out;
        realErr = System.err;
        out = new Tee(realOut, "stdout");
        err = new Tee(realErr, "stderr");
        teeOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        teeErr = new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    /** Replaces {@code System.out} and {@code System.err} with tees until {@link #stop()}. */
    static InlineLogCapture start() {
        InlineLogCapture capture = new InlineLogCapture();
        System.setOut(capture.teeOut);
        System.setErr(capture.teeErr);
        return capture;
    }

    /** A capture that collected nothing, for answers outside an activation (a bad request). */
    static InlineLogCapture empty() {
        return new InlineLogCapture();
    }

    /** Restores the real streams; an unfinished last line counts as a line. */
    void stop() {
        teeOut.flush();
        teeErr.flush();
        if (System.out == teeOut) {
            System.setOut(realOut);
        }
        if (System.err == teeErr) {
            System.setErr(realErr);
        }
        out.endLine(false);
        err.endLine(false);
    }

    /** The collected lines and the original body in Brisk's envelope: {@code {"body":..., "logs":[...], "truncated":...}}. */
    synchronized String wrap(String body) {
        StringBuilder json = new StringBuilder(body.length() + 64 + (int) Math.min(bytes + lines.size() * 4L, 1 << 20));
        json.append("{\"body\":");
        quote(body, json);
        json.append(",\"logs\":[");
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            quote(lines.get(i), json);
        }
        json.append("],\"truncated\":").append(truncated).append('}');
        return json.toString();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized boolean truncated() {
        return truncated;
    }

    private synchronized void add(Instant time, String stream, String text) {
        if (truncated) {
            return;
        }
        String line = String.format("%-30s %s: %s", TIME.format(time), stream, text);
        long size = line.getBytes(StandardCharsets.UTF_8).length;
        if (bytes + size > MAX_BYTES) {
            truncated = true;
            return;
        }
        bytes += size;
        lines.add(line);
    }

    /** JSON string escaping, as Gson's writer does it without HTML escaping. */
    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Bytes through to the real stream; complete lines (UTF-8) to the capture. */
    private final class Tee extends OutputStream {
        private final PrintStream real;
        private final String name;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private Instant started; // when the first byte of the current line arrived; null between lines

        Tee(PrintStream real, String name) {
            this.real = real;
            this.name = name;
        }

        @Override
        public synchronized void write(int b) {
            real.write(b);
            collect(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            real.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                collect(b[i]);
            }
        }

        private void collect(int b) {
            if (b == '\n') {
                endLine(true);
                return;
            }
            if (started == null) {
                started = Instant.now();
            }
            if (line.size() <= MAX_BYTES) {
                line.write(b);
            }
        }

        synchronized void endLine(boolean complete) {
            if (started == null && !complete) {
                return;
            }
            Instant time = started == null ? Instant.now() : started;
            int size = line.size();
            byte[] bytes = line.toByteArray();
            if (size > 0 && bytes[size - 1] == '\r') {
                size--;
            }
            String text = new String(bytes, 0, size, StandardCharsets.UTF_8);
            line.reset();
            started = null;
            add(time, name, text);
        }

        @Override
        public void flush() throws IOException {
            real.flush();
        }
    }
}
