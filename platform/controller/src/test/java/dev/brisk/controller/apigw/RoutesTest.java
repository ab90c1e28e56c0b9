package dev.brisk.controller.apigw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Route documents (ApiDocs), their path templates and the matching of request paths (RouteTable). */
class RoutesTest {
    private static final String HOST = "https://brisk.example";

    private static ObjectNode endpoint(String relpath, String verb, String action, String actionNamespace) {
        ObjectNode apidoc = Json.object();
        apidoc.put("namespace", "_").put("gatewayBasePath", "/club").put("gatewayPath", relpath)
                .put("gatewayMethod", verb);
        apidoc.putObject("action").put("name", action).put("namespace", actionNamespace)
                .put("backendMethod", "GET").put("backendUrl", "https://elsewhere/api/v1/web/x/default/y.http");
        return apidoc;
    }

    private static ObjectNode club() {
        ObjectNode api = ApiDocs.base("/club", "Book Club");
        ApiDocs.addEndpoint(api, endpoint("/books/{isbn}", "get", "getBooks", "_"), "alice", "http", HOST);
        api = ApiDocs.addEndpoint(api, endpoint("/books/new", "post", "books/create", "alice"), "alice", null, HOST);
        return api;
    }

    @Test
    void anEndpointBecomesAnOperationOfTheCallersNamespaceWithThisHostsWebActionUrl() {
        ObjectNode api = club();
        ObjectNode get = (ObjectNode) api.path("paths").path("/books/{isbn}").path("get");
        assertEquals("alice", get.path("x-openwhisk").path("namespace").asText());
        assertEquals("getBooks", get.path("x-openwhisk").path("action").asText());
        assertEquals("", get.path("x-openwhisk").path("package").asText());
        assertEquals(HOST + "/api/v1/web/alice/default/getBooks.http", get.path("x-openwhisk").path("url").asText());
        assertEquals("isbn", get.path("parameters").path(0).path("name").asText());
        ObjectNode post = (ObjectNode) api.path("paths").path("/books/new").path("post");
        assertEquals("books", post.path("x-openwhisk").path("package").asText());
        assertEquals(HOST + "/api/v1/web/alice/books/create.json", post.path("x-openwhisk").path("url").asText());
        assertEquals("Book Club", api.path("info").path("title").asText());
    }

    @Test
    void aRouteToAnotherNamespacesActionIsRefused() {
        ApiException e = assertThrows(ApiException.class, () -> ApiDocs.addEndpoint(ApiDocs.base("/a", null),
                endpoint("/x", "get", "hello", "bob"), "alice", "json", HOST));
        assertEquals(403, e.status());
        ObjectNode swagger = club();
        ((ObjectNode) swagger.path("paths").path("/books/new").path("post").path("x-openwhisk"))
                .put("namespace", "bob");
        assertEquals(403, assertThrows(ApiException.class, () -> ApiDocs.validate(swagger, "alice", HOST)).status());
    }

    @Test
    void aSwaggerDocumentIsRewrittenToTheCallersNamespaceAndHost() {
        ObjectNode swagger = club();
        ObjectNode ow = (ObjectNode) swagger.path("paths").path("/books/new").path("post").path("x-openwhisk");
        ow.put("namespace", "_").put("url", "https://attacker/api/v1/web/bob/default/steal.html");
        ObjectNode checked = ApiDocs.validate(swagger, "alice", HOST);
        JsonNodeAssert.text(checked, "/paths/~1books~1new/post/x-openwhisk/url",
                HOST + "/api/v1/web/alice/books/create.html");
        JsonNodeAssert.text(checked, "/paths/~1books~1new/post/x-openwhisk/namespace", "alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "books", "/../x", "/a/./b", "/a//b", "/a b", "/a/%2e%2e", "/{1x}", "/a?b"})
    void invalidPathsAreRefused(String path) {
        assertEquals(400, assertThrows(ApiException.class, () -> RouteTemplate.relativePath(path)).status());
    }

    @Test
    void aBasePathHasNoParameters() {
        assertEquals(400, assertThrows(ApiException.class, () -> RouteTemplate.basePath("/{x}")).status());
        assertEquals(List.of(), RouteTemplate.basePath("/").segments());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b/c", "/bob/pkg/x", "", "a/", "../x"})
    void invalidActionNamesAreRefused(String name) {
        assertThrows(ApiException.class, () -> ApiDocs.actionName(name));
    }

    @Test
    void aLiteralSegmentWinsOverAParameterAndVerbsAreThoseOfThePath() {
        Map<String, ObjectNode> apis = new LinkedHashMap<>();
        apis.put("/club", club());
        RouteTable.Match isbn = RouteTable.match(apis, List.of("club", "books", "978-3")).orElseThrow();
        assertEquals("getBooks", isbn.operation("GET").orElseThrow().path("action").asText());
        assertTrue(isbn.operation("POST").isEmpty());
        assertEquals(List.of("GET", "OPTIONS"), isbn.verbs());
        RouteTable.Match create = RouteTable.match(apis, List.of("club", "books", "new")).orElseThrow();
        assertEquals("create", create.operation("post").orElseThrow().path("action").asText());
        assertFalse(RouteTable.match(apis, List.of("club", "books")).isPresent());
        assertFalse(RouteTable.match(apis, List.of("club", "books", "1", "2")).isPresent());
        assertFalse(RouteTable.match(apis, List.of("other", "books", "1")).isPresent());
    }

    @Test
    void requestPathsAreDecodedPerSegmentAndTraversalIsNoPath() {
        assertEquals(List.of("club", "a/b", "c d"), RouteTable.segments("club/a%2Fb/c%20d").orElseThrow());
        assertTrue(RouteTable.segments("club/../x").isEmpty());
        assertTrue(RouteTable.segments("club/%2e%2e/x").isEmpty());
        assertTrue(RouteTable.segments("club/%zz").isEmpty());
        assertEquals(List.of(), RouteTable.segments("").orElseThrow());
    }

    @Test
    void responseTypesComeFromTheUrlAndOnlyOpenWhisksAreAccepted() {
        assertEquals("svg", ApiDocs.responseTypeOf("https://h/api/v1/web/a/default/x.svg"));
        assertEquals("json", ApiDocs.responseTypeOf("https://h/api/v1/web/a/default/x"));
        assertEquals("http", ApiDocs.responseType("HTTP"));
        assertThrows(ApiException.class, () -> ApiDocs.responseType("xml"));
    }

    /** A JSON pointer's text. */
    private static final class JsonNodeAssert {
        static void text(ObjectNode node, String pointer, String expected) {
            assertEquals(expected, node.at(pointer).asText(), pointer);
        }
    }
}
