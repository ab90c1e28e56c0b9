package dev.brisk.testbed.standalone;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The ITs' one way to address the guest namespace of a standalone: its API path, its key, a JSON body or none. */
final class NamespaceRequests {
    private NamespaceRequests() {
    }

    /** {@code method} on {@code /api/v1/namespaces/_<path>}; an empty {@code body} sends none. */
    static HttpRequest request(StandaloneTestbed testbed, String method, String path, String body) {
        String auth = Base64.getEncoder().encodeToString(testbed.auth().getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(testbed.apiHost() + "/api/v1/namespaces/_" + path))
                .header("Authorization", "Basic " + auth);
        if (body.isEmpty()) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return b.build();
    }
}
