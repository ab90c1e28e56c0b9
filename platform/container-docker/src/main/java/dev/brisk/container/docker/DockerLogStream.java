package dev.brisk.container.docker;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the engine's multiplexed log stream (a container without a TTY): frames of an 8-byte header — stream
 * (1 stdout, 2 stderr), three zero bytes, the payload's length as a big-endian int — then the payload.
 *
 * <p>Read here rather than through docker-java's log command, whose frame reader hands out a frame in pieces when the
 * socket delivers it in pieces; the log reader tells frames apart by their position, so it needs them whole.
 */
final class DockerLogStream {
    private static final int STDOUT = 1;
    private static final int STDERR = 2;

    private DockerLogStream() {
    }

    /** The whole frames of {@code in}, in order; a frame cut off at the end of the stream is left out. */
    static List<DockerLogReader.Frame> frames(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        List<DockerLogReader.Frame> frames = new ArrayList<>();
        byte[] header = new byte[8];
        while (true) {
            try {
                data.readFully(header);
            } catch (EOFException end) {
                return frames;
            }
            int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            if ((header[0] != STDOUT && header[0] != STDERR) || header[1] != 0 || header[2] != 0 || header[3] != 0
                    || length < 0) {
                throw new IOException("not a multiplexed log stream (a container with a TTY?)");
            }
            byte[] payload = new byte[length];
            try {
                data.readFully(payload);
            } catch (EOFException cut) {
                return frames;
            }
            frames.add(new DockerLogReader.Frame(header[0] == STDOUT ? DockerLogReader.Stream.STDOUT
                    : DockerLogReader.Stream.STDERR, new String(payload, StandardCharsets.UTF_8)));
        }
    }
}
