package dev.brisk.controller.api;

import dev.brisk.controller.http.Responses;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.entity.RuntimeKind;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /api/v1} (no authentication) and {@code GET /}, the deployment description (RestAPIs, Controller). */
@Path("/")
@ApplicationScoped
public class ApiInfoResource {
    static final String BUILD = "2026-11-26T00:00:00Z";
    static final String BUILD_NO = "brisk-0.1.0";

    private final RuntimeManifest manifest;
    private final LimitBounds bounds;
    private final int sequenceMaxLength;

    @Inject
    public ApiInfoResource(RuntimeManifest manifest, LimitBounds bounds,
                           @ConfigProperty(name = "brisk.limits.sequence.max-length", defaultValue = "50")
                           int sequenceMaxLength) {
        this.manifest = manifest;
        this.bounds = bounds;
        this.sequenceMaxLength = sequenceMaxLength;
    }

    @GET
    @Path("api/v1")
    public Response apiInfo() {
        ObjectNode o = Json.object();
        o.put("description", "OpenWhisk API");
        o.put("api_version", "1.0.0");
        o.put("api_version_path", "v1");
        o.put("build", BUILD);
        o.put("buildno", BUILD_NO);
        // both answer (OpenWhisk's shape, API-002): the document as JSON, and a page that shows its routes
        o.putObject("swagger_paths").put("ui", "/docs").put("api-docs", "/api-docs");
        return Responses.ok(o);
    }

    /** The OpenAPI document of these routes (spec/openapi.yaml, built into the jar), as JSON like OpenWhisk's. */
    @GET
    @Path("api/v1/api-docs")
    public Response apiDocs() {
        return Responses.ok(openApi());
    }

    /** A plain page listing the documented routes, linking the JSON; no script, nothing fetched elsewhere. */
    @GET
    @Path("api/v1/docs")
    public Response docsPage() {
        StringBuilder page = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Brisk API</title></head><body><h1>" + escape(OPENAPI.path("info").path("title").asText())
                + "</h1><p>The OpenAPI document: <a href=\"api-docs\">api-docs</a></p><ul>");
        OPENAPI.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (op.getValue().has("responses")) {
                page.append("<li><code>").append(op.getKey().toUpperCase(java.util.Locale.ROOT)).append(' ')
                        .append(escape(path.getKey())).append("</code> ")
                        .append(escape(op.getValue().path("summary").asText(""))).append("</li>");
            }
        }));
        page.append("</ul></body></html>");
        return Response.ok(page.toString(), "text/html; charset=utf-8").build();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static JsonNode openApi() {
        return OPENAPI;
    }

    private static final JsonNode OPENAPI = readOpenApi();

    private static JsonNode readOpenApi() {
        try (var in = ApiInfoResource.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is not in the controller's jar");
            }
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @GET
    public Response deployment() {
        ObjectNode o = Json.object();
        o.put("description", "OpenWhisk");
        o.putObject("support").put("github", "https://github.com/brisk-dev/brisk/issues");
        o.putArray("api_paths").add("/api/v1");
        ObjectNode limits = o.putObject("limits");
        limits.put("sequence_length", sequenceMaxLength); // also the most components a composition runs
        limits.put("min_action_duration", bounds.timeoutMin());
        limits.put("max_action_duration", bounds.timeoutMax());
        limits.put("default_action_duration", bounds.timeoutStd());
        limits.put("min_action_memory", bounds.memoryMin() * 1024L * 1024L);
        limits.put("max_action_memory", bounds.memoryMax() * 1024L * 1024L);
        limits.put("default_action_memory", bounds.memoryStd() * 1024L * 1024L);
        limits.put("min_action_logs", bounds.logsMin() * 1024L * 1024L);
        limits.put("max_action_logs", bounds.logsMax() * 1024L * 1024L);
        limits.put("default_action_logs", bounds.logsStd() * 1024L * 1024L);
        ObjectNode runtimes = o.putObject("runtimes");
        for (RuntimeKind k : manifest.kinds()) {
            // OpenWhisk's ExecManifest.Runtimes.toJson, each member as this deployment's manifest has it
            ObjectNode r = Json.object().put("kind", k.kind()).put("image", k.image()).put("deprecated", k.deprecated())
                    .put("default", k.isDefault()).put("attached", k.attached()).put("requireMain", k.requireMain());
            (runtimes.has(k.family()) ? (com.fasterxml.jackson.databind.node.ArrayNode) runtimes.get(k.family())
                    : runtimes.putArray(k.family())).add(r);
        }
        return Responses.ok(o);
    }
}
