package dev.brisk.testbed.support.couch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The CouchDB a test uses: the CouchDB-compatible stand-in it starts ({@link CouchServer}), or, when
 * {@code BRISK_COUCH_URL} is set, an external server such as Apache CouchDB itself ({@link ExternalCouch}).
 */
public interface CouchDb extends AutoCloseable {

    /** The external server when one is configured, else a stand-in started on {@code dataDir}. */
    static CouchDb start(Path dataDir) {
        Optional<ExternalCouch> external = ExternalCouch.configured();
        return external.isPresent() ? external.get() : CouchServer.start(dataDir);
    }

    /** {@code http(s)://host:port}, without credentials and without a trailing slash. */
    String url();

    int port();

    String username();

    String password();

    /** The {@code Authorization} header value for the configured user. */
    default String basicAuth() {
        return "Basic " + Base64.getEncoder().encodeToString((username() + ":" + password())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Where the server keeps its files, when it runs on this host under the test's control. */
    Optional<Path> localData();

    /** Put before every database name: empty for a stand-in of the test's own, unique per run on an external server. */
    String runPrefix();

    /** Whether {@link #kill()} and {@link #restart()} can be done (always for a stand-in; by commands otherwise). */
    boolean controllable();

    /** Stops the server at once, as a crash would; for fault tests. */
    void kill();

    /** Starts it again and returns once it answers. */
    CouchDb restart();

    /** Lets go of the server: a stand-in stops, an external server is left running. */
    @Override
    void close();
}
