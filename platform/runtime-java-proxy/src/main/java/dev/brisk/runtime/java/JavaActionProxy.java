package dev.brisk.runtime.java;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonNull;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.jar.JarFile;

/**
 * Brisk's Java action proxy: OpenWhisk's action-container protocol for a jar whose class has
 * {@code public static JsonObject main(JsonObject)} (Gson's {@code com.google.gson.JsonObject}).
 *
 * <p>{@code POST /init} takes {@code {"value":{"main":"pkg.Class[#method]","code":"<base64 jar>","binary":true,
 * "env":{...}}}}: the jar is written to the working directory and loaded with a fresh class loader whose parent is
 * this proxy's, so the action sees the same Gson classes. The code is always read as a base64 jar (as in OpenWhisk's
 * Java runtime), whatever {@code binary} says. {@code POST /run} calls the method with {@code value} and answers its
 * result. After each run the line {@code XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX} ends the activation on stdout and
 * stderr.
 *
 * <p><b>Environment.</b> A JVM cannot change its own environment, so the values other runtimes export as
 * environment variables are Java <em>system properties</em> here: the init {@code env} entries under their own
 * names, and the non-{@code value} keys of each run as {@code __OW_<KEY>} ({@code __OW_ACTIVATION_ID},
 * {@code __OW_NAMESPACE}, {@code __OW_ACTION_NAME}, {@code __OW_DEADLINE}, {@code __OW_API_KEY}, ...). Read them with
 * {@code System.getProperty("__OW_ACTIVATION_ID")}. What the container was started with ({@code __OW_API_HOST}) is a
 * real environment variable: {@code System.getenv("__OW_API_HOST")}.
 *
 * <p>Transport: the Unix domain socket {@code $__OW_PROXY_SOCKET} when set (Brisk's sandbox has no network), else
 * TCP {@code $PORT} (default 8080) at {@code $__OW_PROXY_HOST} (default all addresses), so the same jar can serve as
 * a Docker runtime image. One activation at a time.
 *
 * <p><b>Inline logs</b> (Brisk's extension): when {@code /init} or {@code /run} carries {@code X-Brisk-Logs: inline},
 * what the action writes to {@code System.out} and {@code System.err} during the call is also collected
 * ({@link InlineLogCapture}), and the answer keeps its status and becomes {@code {"body": "<the usual body>",
 * "logs": [...], "truncated": false}} with {@code X-Brisk-Logs: inline} and
 * {@code Content-Type: application/vnd.brisk.logs+json}. The sentinels still go to the real streams only. Without the
 * header nothing changes.
 *
 * <p>Start-up matters (every cold start pays it): the proxy avoids lambdas, indy string concatenation (compiled
 * with {@code -XDstringConcat=inline}) and Gson's reflective machinery, so that little beyond the JDK's CDS archive
 * is loaded before the socket listens.
 *
 * <p>Not supported: {@code System.exit} from an action ends the container (the JDK has no security manager any
 * more to stop it); the invoker reports the missing response.
 */
public final class JavaActionProxy implements UnixSocketHttpServer.Handler {
    static final String SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX";

    /** A status and a JSON body; {@code inline} when the body is the inline-logs envelope. */
    record Reply(int status, String body, boolean inline) {
        Reply(int status, String body) {
            this(status, body, false);
        }

        /** The Content-Type of {@link #body()}. */
        String contentType() {
            return inline ? InlineLogCapture.CONTENT_TYPE : "application/json";
        }

        static Reply error(int status, String message) {
            JsonObject o = new JsonObject();
            o.addProperty("error", message);
            try {
                return new Reply(status, write(o));
            } catch (IOException e) {
                throw new IllegalStateException(e); // a string member always writes
            }
        }
    }

    private static final Reply BAD_REQUEST = Reply.error(400, "Bad request.");

    private final Path workDir;
    private final Object lock = new Object();
    private Method main; // guarded by lock; null until a successful init
    private ClassLoader actionLoader;
    private boolean initAttempted;

    JavaActionProxy(Path workDir) {
        this.workDir = workDir;
    }

    public static void main(String[] args) throws IOException {
        // The action's System.out/err: UTF-8 whatever the locale, flushed at each line and at the end of an activation.
        System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192), true,
                StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 8192), true,
                StandardCharsets.UTF_8));
        JavaActionProxy proxy = new JavaActionProxy(workDir());
        String socket = System.getenv("__OW_PROXY_SOCKET");
        if (socket != null && !socket.isBlank()) {
            new UnixSocketHttpServer(Path.of(socket), proxy).serve(); // does not return
        } else {
            String port = System.getenv().getOrDefault("PORT", "8080");
            String host = System.getenv("__OW_PROXY_HOST");
            int portNumber = Integer.parseInt(port.trim());
            InetSocketAddress address = host == null || host.isBlank() ? new InetSocketAddress(portNumber)
                    : new InetSocketAddress(host.trim(), portNumber);
            HttpServer server = HttpServer.create(address, 64);
            server.createContext("/", new HttpHandler() {
                @Override
                public void handle(HttpExchange exchange) throws IOException {
                    proxy.exchange(exchange);
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }
    }

    /** Where the action's jar goes: the working directory (the container's own), else a temporary directory. */
    private static Path workDir() throws IOException {
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isWritable(cwd) ? cwd : Files.createTempDirectory("action");
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String logs = exchange.getRequestHeaders().getFirst(InlineLogCapture.HEADER); // names are case-insensitive
            Reply reply = handle(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body,
                    logs != null && logs.trim().equalsIgnoreCase(InlineLogCapture.INLINE));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            if (reply.inline()) {
                exchange.getResponseHeaders().set(InlineLogCapture.HEADER, InlineLogCapture.INLINE);
            }
            exchange.sendResponseHeaders(reply.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    /**
     * One request: routes, parses and answers; activations are serialised. With {@code inlineLogs} the answer is the
     * inline-logs envelope around the usual body, with what the action wrote meanwhile.
     */
    @Override
    public Reply handle(String method, String path, byte[] body, boolean inlineLogs) {
        boolean init = "/init".equals(path);
        if (!"POST".equals(method) || !(init || "/run".equals(path))) {
            return inlineLogs ? inline(BAD_REQUEST, null) : BAD_REQUEST;
        }
        JsonObject message;
        try {
            JsonElement parsed = parse(body);
            if (!parsed.isJsonObject()) {
                return inlineLogs ? inline(BAD_REQUEST, null) : BAD_REQUEST;
            }
            message = parsed.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            return inlineLogs ? inline(BAD_REQUEST, null) : BAD_REQUEST;
        }
        synchronized (lock) {
            InlineLogCapture capture = inlineLogs ? InlineLogCapture.start() : null;
            Reply reply = null;
            boolean ran = false;
            try {
                if (init) {
                    reply = init(message);
                } else {
                    ran = main != null;
                    reply = run(message);
                }
            } finally {
                if (capture != null) {
                    capture.stop();
                }
                // a run, and an init that failed loading the action (its stack trace is in the logs), end the
                // activation's logs; after the capture: the sentinels are not the action's lines
                if (ran || (init && reply != null && reply.status() == 502)) {
                    endOfActivation();
                }
            }
            return capture != null ? inline(reply, capture) : reply;
        }
    }

    /** {@code reply} in the inline-logs envelope, with the lines of {@code capture} (none when null). */
    private static Reply inline(Reply reply, InlineLogCapture capture) {
        String body = capture == null ? InlineLogCapture.empty().wrap(reply.body()) : capture.wrap(reply.body());
        return new Reply(reply.status(), body, true);
    }

    private Reply init(JsonObject message) {
        if (initAttempted) {
            return Reply.error(403, "Cannot initialize the action more than once.");
        }
        JsonObject value = object(message.get("value"));
        String entry = string(value.get("main"));
        String code = string(value.get("code"));
        if (entry == null || entry.isBlank() || code == null || code.isBlank()) {
            return Reply.error(403, "Missing main/no code to execute.");
        }
        initAttempted = true;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            JsonObject env = object(value.get("env"));
            for (Map.Entry<String, JsonElement> e : env.entrySet()) {
                String v = text(e.getValue());
                if (v != null) {
                    System.setProperty(e.getKey(), v);
                }
            }
            Path jar = workDir.resolve("action.jar");
            Files.write(jar, Base64.getMimeDecoder().decode(code.trim()));
            try (JarFile check = new JarFile(jar.toFile())) {
                check.size(); // a bad archive fails here with its own message, not as a missing class
            }
            int hash = entry.indexOf('#');
            String className = (hash < 0 ? entry : entry.substring(0, hash)).trim();
            String methodName = hash < 0 || entry.substring(hash + 1).isBlank() ? "main" : entry.substring(hash + 1).trim();
            URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, JavaActionProxy.class.getClassLoader());
            thread.setContextClassLoader(loader);
            Class<?> actionClass = Class.forName(className, true, loader);
            Method m = actionClass.getMethod(methodName, JsonObject.class);
            if (!Modifier.isStatic(m.getModifiers()) || !JsonObject.class.isAssignableFrom(m.getReturnType())) {
                throw new NoSuchMethodException("public static JsonObject " + methodName + "(JsonObject) in " + className);
            }
            m.setAccessible(true); // a public method of a non-public class
            this.main = m;
            this.actionLoader = loader;
            return new Reply(200, "{\"OK\":true}");
        } catch (Throwable t) {
            Throwable cause = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
            cause.printStackTrace(System.err);
            System.err.flush();
            return Reply.error(502, "Initialization has failed due to: " + cause);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Reply run(JsonObject message) {
        if (main == null) {
            return Reply.error(403, "System not initialized.");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(actionLoader);
        try {
            for (Map.Entry<String, JsonElement> e : message.entrySet()) {
                if (!e.getKey().equals("value")) {
                    String v = text(e.getValue());
                    if (v != null) {
                        System.setProperty("__OW_" + e.getKey().toUpperCase(Locale.ROOT), v);
                    }
                }
            }
            JsonElement value = message.get("value");
            if (value != null && !value.isJsonNull() && !value.isJsonObject()) {
                return Reply.error(502, "An error has occurred (see logs for details): "
                        + "the parameters of a Java action must be a JSON object");
            }
            Object result;
            try {
                result = main.invoke(null, value == null || value.isJsonNull() ? new JsonObject() : value);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                System.out.flush();
                cause.printStackTrace(System.err);
                return Reply.error(502, "An error has occurred (see logs for details): " + cause);
            }
            if (!(result instanceof JsonObject object)) {
                return Reply.error(502, "The action did not return a dictionary.");
            }
            try {
                return new Reply(200, write(object));
            } catch (IOException | RuntimeException e) { // NaN or Infinity in the result
                e.printStackTrace(System.err);
                return Reply.error(502, "An error has occurred (see logs for details): " + e);
            }
        } catch (Throwable t) {
            t.printStackTrace(System.err);
            return Reply.error(502, "An error has occurred (see logs for details): " + t);
        } finally {
            thread.setContextClassLoader(previous); // the sentinels follow in handle
        }
    }

    /** The action's own output first, then the sentinel as the last line of this activation on both streams. */
    private static void endOfActivation() {
        System.out.flush();
        System.err.flush();
        System.out.println(SENTINEL);
        System.err.println(SENTINEL);
        System.out.flush();
        System.err.flush();
    }

    /**
     * One JSON document, strictly. Read with {@link JsonReader} by hand, like {@link #write(JsonElement)}: Gson's own
     * tree adapter drags in its whole type-adapter table, tens of milliseconds of class loading at a cold start.
     */
    static JsonElement parse(byte[] body) throws IOException {
        JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        JsonElement element = read(reader, 0);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonParseException("trailing data after the JSON document");
        }
        return element;
    }

    private static JsonElement read(JsonReader r, int depth) throws IOException {
        if (depth > 512) {
            throw new JsonParseException("JSON nested too deeply");
        }
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    o.add(name, read(r, depth + 1));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(read(r, depth + 1));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new LazilyParsedNumber(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new JsonParseException("unexpected " + r.peek() + " at " + r.getPath());
        }
    }

    /**
     * Strict JSON (NaN and infinities fail), nulls kept, no HTML escaping. Written by hand rather than with a
     * {@code Gson} instance, whose reflective set-up would cost a cold start some 100 ms.
     */
    static String write(JsonElement element) throws IOException {
        StringWriter out = new StringWriter();
        JsonWriter writer = new JsonWriter(out);
        writer.setSerializeNulls(true);
        writer.setHtmlSafe(false);
        write(element, writer);
        writer.flush();
        return out.toString();
    }

    private static void write(JsonElement e, JsonWriter w) throws IOException {
        if (e == null || e.isJsonNull()) {
            w.nullValue();
        } else if (e instanceof JsonObject o) {
            w.beginObject();
            for (Map.Entry<String, JsonElement> member : o.entrySet()) {
                w.name(member.getKey());
                write(member.getValue(), w);
            }
            w.endObject();
        } else if (e instanceof JsonArray a) {
            w.beginArray();
            for (JsonElement item : a) {
                write(item, w);
            }
            w.endArray();
        } else {
            JsonPrimitive p = (JsonPrimitive) e;
            if (p.isBoolean()) {
                w.value(p.getAsBoolean());
            } else if (p.isNumber()) {
                w.value(p.getAsNumber());
            } else {
                w.value(p.getAsString());
            }
        }
    }

    private static JsonObject object(JsonElement e) {
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    private static String string(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    /** Strings as they are; anything else (numbers, objects) as its JSON text, as OpenWhisk stringifies it. */
    private static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : e.toString();
    }
}
