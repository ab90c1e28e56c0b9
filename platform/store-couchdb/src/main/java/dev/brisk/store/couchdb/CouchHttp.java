package dev.brisk.store.couchdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.brisk.core.store.StoreException;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.ektorp.http.HttpClient;
import org.ektorp.http.HttpResponse;
import org.ektorp.http.ResponseCallback;
import org.ektorp.http.RestTemplate;
import org.ektorp.http.StdHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;

/**
 * CouchDB over Ektorp's HTTP client: every request answers a {@link Reply} (status and JSON body) so the store
 * decides what each status means; only transport failures (refused, reset, timed out) throw, as
 * {@link StoreException}.
 * <p>
 * Paths are built here, not by Ektorp's {@code URI.append}: that encodes with {@link java.net.URLEncoder}, which turns
 * a space into {@code +}, and CouchDB and express decode {@code +} in a path differently (space and plus). Document
 * ids are percent-encoded byte by byte (RFC 3986 unreserved characters stay), so {@code guest/hello} is
 * {@code guest%2Fhello} and {@code a b} is {@code a%20b} everywhere.
 */
final class CouchHttp implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A response: its status code and its body parsed as JSON (a missing node when empty or not JSON). */
    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String error() {
            return body.path("error").asText("");
        }

        String reason() {
            return body.path("reason").asText("");
        }

        /** A 404 that is about the database, not a document: CouchDB says so in the reason, pouchdb-server too. */
        boolean databaseMissing() {
            String reason = reason();
            return status == 404 && (reason.equals("Database does not exist.") || reason.equals("no_db_file"));
        }

        @Override
        public String toString() {
            return status + " " + (body.isMissingNode() ? "" : body.toString());
        }
    }

    private final CouchSettings settings;
    private final String base;
    private final HttpClient client;
    private final RestTemplate rest;

    CouchHttp(CouchSettings settings) {
        this.settings = settings;
        this.base = settings.basePath();
        try {
            StdHttpClient.Builder builder = new StdHttpClient.Builder()
                    .url(settings.url())
                    .connectionTimeout(settings.connectTimeoutMs())
                    .socketTimeout(settings.socketTimeoutMs())
                    .maxConnections(settings.maxConnections())
                    // no HTTP cache: a cached view or document answer could be stale, and Ektorp's cache has bugs
                    .caching(false);
            if (settings.username() != null) {
                builder.username(settings.username()).password(settings.password() == null ? "" : settings.password());
            }
            this.client = builder.build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("invalid CouchDB url " + settings.displayUrl(), e);
        }
        this.rest = new RestTemplate(client);
    }

    CouchSettings settings() {
        return settings;
    }

    /** {@code /<db>} under the base path of the URL. Database names never need encoding except {@code /}. */
    String dbPath(String db) {
        return base + "/" + encode(db);
    }

    /** {@code /<db>/<encoded id>}; design documents keep their literal {@code _design/} (CouchDB wants that). */
    String docPath(String db, String id) {
        if (id.startsWith("_design/")) {
            return dbPath(db) + "/_design/" + encode(id.substring("_design/".length()));
        }
        return dbPath(db) + "/" + encode(id);
    }

    String rootPath() {
        return base + "/";
    }

    Reply get(String path) {
        return call("GET", path, () -> rest.get(path, CALLBACK));
    }

    Reply put(String path, JsonNode body) {
        return call("PUT", path, () -> rest.put(path, entity(body), CALLBACK));
    }

    Reply post(String path, JsonNode body) {
        return call("POST", path, () -> rest.post(path, entity(body), CALLBACK));
    }

    Reply putEmpty(String path) {
        return call("PUT", path, () -> rest.put(path, CALLBACK));
    }

    Reply delete(String path) {
        return call("DELETE", path, () -> rest.delete(path, CALLBACK));
    }

    private static ByteArrayEntity entity(JsonNode body) {
        try {
            return new ByteArrayEntity(MAPPER.writeValueAsBytes(body), ContentType.APPLICATION_JSON);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize document: " + e.getMessage(), e);
        }
    }

    private interface Request {
        Reply run();
    }

    private Reply call(String method, String path, Request request) {
        try {
            return request.run();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            // Ektorp wraps the IOException (ConnectException, SocketTimeoutException, NoHttpResponseException...)
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("CouchDB at " + settings.displayUrl() + " failed: " + method + " " + path + ": "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    e);
        }
    }

    private static final ResponseCallback<Reply> CALLBACK = new ResponseCallback<>() {
        @Override
        public Reply success(HttpResponse hr) throws IOException {
            return read(hr);
        }

        @Override
        public Reply error(HttpResponse hr) {
            try {
                return read(hr);
            } catch (IOException e) {
                throw new StoreException("cannot read CouchDB's answer " + hr.getCode() + " to " + hr.getRequestURI()
                        + ": " + e.getMessage(), e);
            }
        }
    };

    private static Reply read(HttpResponse hr) throws IOException {
        JsonNode body = MissingNode.getInstance();
        try (InputStream in = hr.getContent()) {
            if (in != null) {
                byte[] bytes = in.readAllBytes();
                if (bytes.length > 0) {
                    try {
                        body = MAPPER.readTree(bytes);
                    } catch (IOException e) {
                        if (hr.isSuccessful()) {
                            throw new IOException("CouchDB answered " + hr.getCode() + " with a body that is not JSON: "
                                    + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8), e);
                        }
                        // an error page from a proxy: keep the status, drop the body
                    }
                }
            }
        }
        return new Reply(hr.getCode(), body == null ? MissingNode.getInstance() : body);
    }

    /** Percent-encodes every UTF-8 byte except RFC 3986's unreserved characters. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
