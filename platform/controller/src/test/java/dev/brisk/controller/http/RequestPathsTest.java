package dev.brisk.controller.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestPathsTest {
    @Test
    void webActionPaths() {
        assertTrue(RequestPaths.isWebAction("api/v1/web/guest/default/hello.json"));
        assertTrue(RequestPaths.isWebAction("/api/v1/web/guest/pkg/hello/rest"));
        assertFalse(RequestPaths.isWebAction("/api/v1/web/guest/default"));
        assertFalse(RequestPaths.isWebAction("/api/v1/web/guest/default/"));
        assertFalse(RequestPaths.isWebAction("/api/v1/namespaces/guest/actions/x"));
    }

    @Test
    void webPaths() {
        assertTrue(RequestPaths.isWeb("/api/v1/web"));
        assertTrue(RequestPaths.isWeb("api/v1/web/guest"));
        assertFalse(RequestPaths.isWeb("/api/v1/webby"));
        assertFalse(RequestPaths.isWeb("/api/v1/namespaces"));
    }
}
