package dev.brisk.conformance.support;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one Java source in memory against Gson (on the suite's classpath) and packages the classes into a jar, for
 * Java action scenarios. Classes are compiled for the oldest release the compiler supports among 8, 11 and 17, so the
 * jar runs on OpenWhisk's java:8 runtime as well as on newer ones.
 */
public final class JarBuilder {

    private JarBuilder() {
    }

    /** The system Java compiler, or null when the suite runs on a JRE. */
    public static JavaCompiler compiler() {
        return ToolProvider.getSystemJavaCompiler();
    }

    /** Compiles the class {@code className} (qualified) from {@code source} and returns the jar's bytes. */
    public static byte[] jar(String className, String source) {
        JavaCompiler compiler = compiler();
        if (compiler == null) {
            throw new IllegalStateException("No Java compiler available (the suite runs on a JRE)");
        }
        String gson = gsonClasspath();
        IllegalStateException last = null;
        for (String release : List.of("8", "11", "17")) {
            try {
                return jar(compiler, className, source, gson, release);
            } catch (IllegalArgumentException unsupportedRelease) {
                last = new IllegalStateException("compiler rejects --release " + release, unsupportedRelease);
            }
        }
        throw last;
    }

    private static byte[] jar(JavaCompiler compiler, String className, String source, String classpath,
            String release) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension),
                        kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        classes.put(name, out);
                        return out;
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(
                URI.create("string:///" + className.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> options = new ArrayList<>(List.of("--release", release, "-classpath", classpath,
                "-nowarn", "-Xlint:-options"));
        StringWriter out = new StringWriter();
        boolean ok = compiler.getTask(out, manager, diagnostics, options, null, List.of(unit)).call();
        if (!ok) {
            StringBuilder sb = new StringBuilder("compiling " + className + " failed:");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    sb.append("\n  line ").append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT));
                }
            }
            throw new AssertionError(sb.toString());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, ByteArrayOutputStream> e : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey().replace('.', '/') + ".class"));
                jar.write(e.getValue().toByteArray());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Location of the Gson jar (or classes directory) the suite runs with. */
    static String gsonClasspath() {
        CodeSource cs = com.google.gson.JsonObject.class.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return System.getProperty("java.class.path");
        }
        try {
            return Path.of(cs.getLocation().toURI()).toString() + File.pathSeparator
                    + System.getProperty("java.class.path");
        } catch (URISyntaxException e) {
            return System.getProperty("java.class.path");
        }
    }
}
