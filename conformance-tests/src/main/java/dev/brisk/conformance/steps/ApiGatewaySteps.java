package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.conformance.support.World;
import io.cucumber.java.After;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API routes (APIGW-): the route management calls {@code wsk api} and the npm client's {@code routes} make
 * ({@code /api/v1/web/whisk.system/apimgmt/createApi|getApi|deleteApi.http}), and the routes they answer with.
 * Base paths get the scenario's suffix, so scenarios sharing a namespace do not meet.
 */
public class ApiGatewaySteps {
    private static final String MGMT = "/api/v1/web/whisk.system/apimgmt/";
    private final World world;
    private final Map<String, String> urls = new LinkedHashMap<>();
    /** gwApiUrl of an API as first created, before a second createApi (APIGW-007). */
    private final Map<String, String> before = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();

    public ApiGatewaySteps(World world) {
        this.world = world;
    }

    private String basePath(String logical) {
        return logical + "-" + world.suffix();
    }

    private Response create(String base, String relpath, String verb, String actionName, String actionNamespace,
                            String responseType) {
        return create(base, relpath, verb, actionName, actionNamespace, responseType, Map.of());
    }

    private Response create(String base, String relpath, String verb, String actionName, String actionNamespace,
                            String responseType, Map<String, String> headers) {
        Map<String, Object> action = Map.of("name", actionName, "namespace", actionNamespace,
                "backendMethod", "GET", "backendUrl", world.config().requireApihost() + "/api/v1/web/" + actionNamespace
                        + "/default/" + actionName + ".http", "authkey", world.user() + ":" + world.key());
        Map<String, Object> apidoc = Map.of("namespace", "_", "gatewayBasePath", basePath(base),
                "gatewayPath", relpath, "gatewayMethod", verb, "id", "API:_:" + basePath(base), "action", action);
        Response r = world.api().headers(headers).contentType("application/json").queryParam("responsetype", responseType)
                .queryParam("accesstoken", "DUMMY TOKEN").body(Map.of("apidoc", apidoc))
                .post(MGMT + "createApi.http");
        world.remember(r);
        if (r.statusCode() == 200) {
            created.add(basePath(base));
            urls.put(base, r.jsonPath().getString("value.gwApiUrl"));
        }
        return r;
    }

    @When("I create the route {string} {string} {word} to the action {string} with the response type {string}")
    public void createRoute(String base, String relpath, String verb, String logical, String responseType) {
        create(base, relpath, verb, world.name(logical), "_", responseType);
    }

    /** APIGW-007: the same route once more, with a header of the client's; the first answer's gwApiUrl is kept. */
    @When("I create the route {string} {string} {word} to the action {string} again, sending the header {string} {string}")
    public void createRouteAgainWithHeader(String base, String relpath, String verb, String logical, String header,
                                           String value) {
        assertTrue(urls.containsKey(base), "the route must have been created once before: " + base);
        before.put(base, urls.get(base));
        create(base, relpath, verb, world.name(logical), "_", "json", Map.of(header, value));
    }

    @Then("the response's gwApiUrl is the one the API {string} had before")
    public void gwApiUrlUnchanged(String base) {
        String url = world.last().jsonPath().getString("value.gwApiUrl");
        assertEquals(before.get(base), url, () -> "gwApiUrl: " + ResponseSteps.describe(world.last()));
    }

    @When("I create the route {string} {string} {word} to the action {string} of the namespace {string}")
    public void createForeignRoute(String base, String relpath, String verb, String action, String namespace) {
        create(base, relpath, verb, action, namespace, "json");
    }

    @When("I list the APIs")
    public void listApis() {
        world.remember(world.api().queryParam("accesstoken", "DUMMY TOKEN").get(MGMT + "getApi.http"));
    }

    @When("I delete the API {string}")
    public void deleteApi(String base) {
        world.remember(world.api().queryParam("basepath", basePath(base)).queryParam("force", true)
                .delete(MGMT + "deleteApi.http"));
    }

    @When("I send {word} to the route {string} of the API {string}")
    public void sendToRoute(String method, String path, String base) {
        send(method, path, base, Map.of());
    }

    @When("I send a preflight for {word} to the route {string} of the API {string}")
    public void preflight(String method, String path, String base) {
        send("OPTIONS", path, base, Map.of("Origin", "https://example.org", "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", "X-Custom"));
    }

    private void send(String method, String path, String base, Map<String, String> headers) {
        String url = urls.get(base);
        assertTrue(url != null, "no route was created for " + base);
        world.remember(world.anonymous().baseUri(url).urlEncodingEnabled(false).headers(headers)
                .request(method, path));
    }

    @Then("the response's gwApiUrl serves the API {string}")
    public void gwApiUrl(String base) {
        String url = world.last().jsonPath().getString("value.gwApiUrl");
        assertTrue(url != null && url.matches("https?://.+/api/[^/]+" + java.util.regex.Pattern.quote(basePath(base))),
                "gwApiUrl " + url);
    }

    @Then("the response field {string} is the path {string} of the API {string}")
    public void fieldIsPath(String field, String path, String base) {
        org.junit.jupiter.api.Assertions.assertEquals(basePath(base) + path, world.last().jsonPath().getString(field));
    }

    @Then("the listed APIs include {string}")
    public void listedInclude(String base) {
        List<String> bases = world.last().jsonPath().getList("apis.value.apidoc.basePath");
        assertTrue(bases != null && bases.contains(basePath(base)), "listed base paths " + bases);
    }

    @Then("the listed APIs do not include {string}")
    public void listedExclude(String base) {
        List<String> bases = world.last().jsonPath().getList("apis.value.apidoc.basePath");
        assertTrue(bases != null && !bases.contains(basePath(base)), "listed base paths " + bases);
    }

    @Then("the operation {word} {string} of the API runs the action {string}")
    public void operationRuns(String verb, String relpath, String logical) {
        Map<String, Object> ow = world.last().jsonPath()
                .getMap("value.apidoc.paths.'" + relpath + "'." + verb.toLowerCase() + ".x-openwhisk");
        assertTrue(ow != null && world.name(logical).equals(ow.get("action"))
                && String.valueOf(ow.get("url")).contains("/api/v1/web/"), "x-openwhisk " + ow);
    }

    @After
    public void deleteCreatedApis() {
        for (String base : created) {
            try {
                world.api().queryParam("basepath", base).delete(MGMT + "deleteApi.http");
            } catch (Exception e) { // REST Assured throws ConnectException undeclared
                // best effort: the namespace may be gone with its scenario
            }
        }
    }
}
