package dev.brisk.container.docker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DockerLogStreamTest {
    private static void frame(ByteArrayOutputStream out, int stream, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        out.write(stream);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    /** Hands out at most three bytes per read, as a socket may: frames must still come out whole. */
    private static InputStream trickling(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    @Test
    void framesComeOutWholeWhateverTheReadsDeliver() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, 1, "2026-01-01T10:00:00.100000000Z hello\n");
        frame(out, 2, "2026-01-01T10:00:00.200000000Z ünïcödé\n");
        frame(out, 1, "2026-01-01T10:00:00.300000000Z no newline");
        List<DockerLogReader.Frame> frames = DockerLogStream.frames(trickling(out.toByteArray()));
        assertEquals(List.of(
                new DockerLogReader.Frame(DockerLogReader.Stream.STDOUT, "2026-01-01T10:00:00.100000000Z hello\n"),
                new DockerLogReader.Frame(DockerLogReader.Stream.STDERR, "2026-01-01T10:00:00.200000000Z ünïcödé\n"),
                new DockerLogReader.Frame(DockerLogReader.Stream.STDOUT, "2026-01-01T10:00:00.300000000Z no newline")),
                frames);
    }

    @Test
    void aFrameCutOffAtTheEndIsLeftForTheNextRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, 1, "2026-01-01T10:00:00.100000000Z whole\n");
        frame(out, 2, "2026-01-01T10:00:00.200000000Z cut off\n");
        byte[] bytes = out.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        assertEquals(1, DockerLogStream.frames(new ByteArrayInputStream(cut)).size());
    }

    @Test
    void aStreamThatIsNotMultiplexedIsRefused() {
        byte[] tty = "2026-01-01T10:00:00.100000000Z hello from a tty\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> DockerLogStream.frames(new ByteArrayInputStream(tty)));
    }
}
