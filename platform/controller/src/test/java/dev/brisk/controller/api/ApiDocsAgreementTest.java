package dev.brisk.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.web.WebActionsResource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.nio.file.Files;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /api/v1/api-docs} (spec/openapi.yaml) and the controller's routes under
 * {@code /api/v1} are the same set of (method, path): a route without its documentation, or documentation of a
 * route that does not exist, fails here. Path parameters are compared by position, not by name.
 */
class ApiDocsAgreementTest {
    /**
     * Every root resource of the controller: each class compiled into its package tree with a {@code @Path}, found
     * on the class path rather than listed, so a resource added later is checked too.
     */
    static List<Class<?>> resources() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(
                ApiInfoResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("dev/brisk/controller"))) {
            for (java.nio.file.Path f : files.filter(x -> x.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, ApiInfoResource.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    @Test
    void theDocumentAndTheRoutesAgree() throws Exception {
        List<Class<?>> resources = resources();
        assertTrue(resources.containsAll(List.of(ApiInfoResource.class, ActionsResource.class,
                WebActionsResource.class)), "the scan finds the resources: " + resources);
        Set<String> routes = new TreeSet<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getMethods()) {
                String verb = verb(m);
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = normalize("/" + base + (sub == null ? "" : "/" + sub.value()));
                if (path.startsWith("/api/v1")) {
                    routes.add(verb + " " + path);
                }
            }
        }
        JsonNode doc = ApiInfoResource.openApi();
        Set<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(e -> e.getValue().properties().forEach(op -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(op.getKey())) {
                documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + normalize(e.getKey()));
            }
        }));
        assertTrue(routes.size() > 20, "found the routes: " + routes);
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(routes);
        assertEquals(Set.of(), undocumented, "routes spec/openapi.yaml does not document");
        assertEquals(Set.of(), missing, "documented operations no route serves");
    }

    private static String verb(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String normalize(String path) {
        return path.replaceAll("/+", "/").replaceAll("\\{[^}]*}", "{}").replaceAll("/$", "");
    }
}
