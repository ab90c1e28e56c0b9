package dev.brisk.controller.console;

import org.webjars.WebJarVersionLocator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The files of the web console, by an allow-list: its own (resources under {@code site/} beside this class) and the
 * code editor's, CodeMirror 5 from its webjar under stable names ({@code vendor/codemirror/...}) so the pages need no
 * version. Each is read once at start; a missing one fails the start rather than a user's page. Nothing outside the
 * list is ever looked up, so no request path reaches the class path.
 */
public final class ConsoleFiles {
    /** One servable file: its bytes, its content type and a strong ETag. */
    public record File(byte[] body, String contentType, String etag) {
    }

    static final String SITE = "dev/brisk/controller/console/site/";
    private static final String[] SITE_FILES = {
            "index.html", "console.css", "app.js", "api.js", "dom.js", "editor.js", "views.js", "favicon.svg"};
    // served name -> path inside the CodeMirror webjar
    private static final Map<String, String> EDITOR_FILES = Map.of(
            "vendor/codemirror/codemirror.js", "lib/codemirror.js",
            "vendor/codemirror/codemirror.css", "lib/codemirror.css",
            "vendor/codemirror/javascript.js", "mode/javascript/javascript.js",
            "vendor/codemirror/python.js", "mode/python/python.js",
            "vendor/codemirror/matchbrackets.js", "addon/edit/matchbrackets.js",
            "vendor/codemirror/closebrackets.js", "addon/edit/closebrackets.js",
            "vendor/codemirror/LICENSE", "LICENSE");

    private final Map<String, File> files;

    private ConsoleFiles(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    /** Reads every file of the allow-list from the class path; throws if one is missing. */
    public static ConsoleFiles load() {
        ClassLoader loader = ConsoleFiles.class.getClassLoader();
        Map<String, File> files = new LinkedHashMap<>();
        for (String name : SITE_FILES) {
            files.put(name, file(name, read(loader, SITE + name)));
        }
        WebJarVersionLocator webjars = new WebJarVersionLocator();
        EDITOR_FILES.forEach((name, inJar) -> {
            String path = webjars.fullPath("codemirror", inJar);
            if (path == null) {
                throw new IllegalStateException("the CodeMirror webjar has no " + inJar + " (is it on the class path?)");
            }
            files.put(name, file(name, read(loader, path)));
        });
        return new ConsoleFiles(files);
    }

    /** The file served at {@code name} (relative to {@code /console/}; empty is the page), if it is in the list. */
    public Optional<File> find(String name) {
        return Optional.ofNullable(files.get(name.isEmpty() ? "index.html" : name));
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> "text/plain; charset=utf-8";
        };
    }

    private static File file(String name, byte[] body) {
        return new File(body, contentType(name), "\"" + sha256(body).substring(0, 32) + "\"");
    }

    private static byte[] read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("a console file is not on the class path: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
