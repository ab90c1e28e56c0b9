package dev.brisk.runtime.java;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The least HTTP/1.1 server the invoker's client needs, on a Unix domain socket: POST bodies by
 * {@code Content-Length} or chunked, persistent connections unless the client asks {@code Connection: close} (or
 * speaks HTTP/1.0), one thread per connection. Activations are serialised by the handler, not here.
 */
final class UnixSocketHttpServer {
    /** OpenWhisk's largest action (48 MB), base64-encoded, with room for the JSON around it. */
    static final int MAX_BODY = 72 * 1024 * 1024;
    private static final int MAX_HEAD = 64 * 1024;

    interface Handler {
        /** {@code inlineLogs}: the request carries {@code X-Brisk-Logs: inline}. */
        JavaActionProxy.Reply handle(String method, String path, byte[] body, boolean inlineLogs);
    }

    private final Path socket;
    private final Handler handler;

    UnixSocketHttpServer(Path socket, Handler handler) {
        this.socket = socket;
        this.handler = handler;
    }

    /** Binds (replacing a stale socket file) and accepts until the process ends. */
    void serve() throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket), 64);
            while (true) {
                SocketChannel channel = server.accept();
                Thread thread = new Thread(new Runnable() { // no lambda: its bootstrap would slow the cold start
                    @Override
                    public void run() {
                        exchange(channel);
                    }
                }, "proxy-connection");
                thread.start();
            }
        }
    }

    private void exchange(SocketChannel channel) {
        try (channel; InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 8192);
             OutputStream out = Channels.newOutputStream(channel)) {
            boolean keepAlive = true;
            while (keepAlive) {
                JavaActionProxy.Reply reply;
                String head = readHead(in);
                if (head == null) {
                    return; // the client closed the connection (or was a readiness probe that sent nothing)
                }
                Request request = Request.parse(head);
                keepAlive = request != null && request.keepAlive && request.length <= MAX_BODY;
                if (request == null) {
                    reply = JavaActionProxy.Reply.error(400, "Bad request.");
                } else if (request.length > MAX_BODY) {
                    reply = JavaActionProxy.Reply.error(413, "Request entity too large.");
                } else {
                    if (request.expectContinue) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    byte[] body = request.chunked ? readChunked(in) : in.readNBytes((int) request.length);
                    if (body == null || (!request.chunked && body.length < request.length)) {
                        return; // the client went away mid-body
                    }
                    reply = handler.handle(request.method, request.path, body, request.inlineLogs);
                }
                byte[] content = reply.body().getBytes(StandardCharsets.UTF_8);
                String response = "HTTP/1.1 " + reply.status() + " " + reason(reply.status()) + "\r\n"
                        + "Content-Type: " + reply.contentType() + "\r\n"
                        + (reply.inline() ? InlineLogCapture.HEADER + ": " + InlineLogCapture.INLINE + "\r\n" : "")
                        + "Content-Length: " + content.length + "\r\n"
                        + (keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
                byte[] headBytes = response.getBytes(StandardCharsets.US_ASCII);
                byte[] all = new byte[headBytes.length + content.length]; // one write: one segment for the client
                System.arraycopy(headBytes, 0, all, 0, headBytes.length);
                System.arraycopy(content, 0, all, headBytes.length, content.length);
                out.write(all);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away (e.g. its timeout fired): nothing to answer
        }
    }

    private record Request(String method, String path, long length, boolean chunked, boolean expectContinue,
                           boolean keepAlive, boolean inlineLogs) {
        static Request parse(String head) {
            String[] lines = head.split("\r\n");
            String[] start = lines[0].split(" ");
            if (start.length != 3 || !start[2].startsWith("HTTP/1.")) {
                return null;
            }
            long length = 0;
            boolean chunked = false, expect = false, inlineLogs = false;
            boolean keepAlive = start[2].equals("HTTP/1.1");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    return null;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                try {
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "expect" -> expect = value.equalsIgnoreCase("100-continue");
                        case "connection" -> keepAlive = keepAlive && !value.toLowerCase(Locale.ROOT).contains("close");
                        case "x-brisk-logs" -> inlineLogs = value.equalsIgnoreCase("inline");
                        default -> { }
                    }
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (length < 0) {
                return null;
            }
            String path = start[1];
            int query = path.indexOf('?');
            return new Request(start[0], query < 0 ? path : path.substring(0, query), length, chunked, expect,
                    keepAlive, inlineLogs);
        }
    }

    /** The request line and headers, without the blank line; null at end of stream before any byte. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0; // progress through \r\n\r\n
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                byte[] bytes = head.toByteArray();
                return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
            }
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head too large");
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new IOException("end of stream inside the request head");
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                return null;
            }
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (size == 0) {
                while (true) { // trailers up to the blank line
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new IOException("chunked body too large");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                return null;
            }
            body.write(chunk);
            readLine(in); // the CRLF after the chunk
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                return line.substring(0, end);
            }
            if (line.length() > MAX_HEAD) {
                throw new IOException("line too long");
            }
            line.append((char) b);
        }
        return null;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 413 -> "Payload Too Large";
            case 502 -> "Bad Gateway";
            default -> "Status";
        };
    }
}
