package dev.brisk.testbed.standalone.console;

import dev.brisk.testbed.standalone.StandaloneTestbed;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web console in a real headless browser (Debian's chromium) against a freshly started standalone platform, as a
 * user goes: a wrong key refused with a visible message; the right key; a new action typed into the code editor;
 * invoked with a parameter, its result, log line, duration and cold start shown; the activation in the list, which
 * updates itself when another invocation happens elsewhere. A screenshot after the invoke lands in
 * {@code target/console-reports/console.png}. Runs with {@code -Pbrowser} (ci/check sets it unless
 * {@code BRISK_BROWSER_GATE=0}); then a missing browser fails the test rather than skipping it.
 */
class ConsoleBrowserIT {
    private static final String ACTION = "console-hello";
    // one line: the editor closes brackets and quotes as they are typed, and overtypes the closing ones
    private static final String CODE =
            "function main(p) { console.log('hello ' + p.name); return { greeting: 'Hello, ' + p.name }; }";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aUserSignsInWritesAnActionInvokesItAndSeesItsActivation() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("brisk.test.browser"),
                "the browser gate is off: run with -Pbrowser (ci/check does unless BRISK_BROWSER_GATE=0)");
        HeadlessChromium.missing().ifPresent(why -> fail("the browser gate is on (-Pbrowser) but there is " + why
                + "; BRISK_BROWSER_GATE=0 ci/check leaves the browser test out"));
        Path reports = Files.createDirectories(Path.of(System.getProperty("brisk.console.reports")));
        for (String old : List.of("console.png", "console-activations.png", "console-failure.png")) {
            Files.deleteIfExists(reports.resolve(old)); // ci/check reads console.png as "the invoke happened"
        }
        long started = System.nanoTime();
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                Files.createTempDirectory("brisk-console").resolve("data"), reports.resolve("standalone.log")).start()) {
            long platformReady = System.nanoTime();
            assertServedWithItsPolicy(testbed);
            ChromeDriver browser = HeadlessChromium.start(reports.resolve("chromedriver.log"));
            try {
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get(testbed.apiHost() + "/console/");

                // a wrong key: refused, said so on the page, and not kept
                WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
                key.sendKeys(testbed.auth().replaceAll(":.*", ":not-the-key"), Keys.ENTER);
                String refusal = wait.until(visibleText(By.id("sign-in-error")));
                assertTrue(refusal.contains("refused") && refusal.contains("401"), refusal);
                assertNull(script(browser, "return sessionStorage.getItem('brisk.console.key')"));

                // the right key, from the keyboard
                key.clear();
                key.sendKeys(testbed.auth(), Keys.ENTER);
                assertEquals("guest", wait.until(visibleText(By.id("who-namespace"))));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("New action"))).click();

                // a new action, its code typed into the editor
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-name"))).sendKeys(ACTION);
                browser.findElement(By.cssSelector(".CodeMirror")).click();
                WebElement editor = browser.switchTo().activeElement();
                editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
                editor.sendKeys(CODE);
                assertEquals(CODE, script(browser, "return document.querySelector('.CodeMirror').CodeMirror.getValue()"),
                        "the editor holds what was typed");
                browser.findElement(By.xpath("//button[normalize-space()='Create action']")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("h2.page-title"),
                        "Action " + ACTION));

                // invoked with a parameter: result, log line, duration, cold start
                WebElement params = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invoke-params")));
                params.clear();
                params.sendKeys("{\"name\": \"Ada\"}");
                browser.findElement(By.id("invoke")).click();
                String result = wait.until(visibleText(By.id("activation-result")));
                assertTrue(result.contains("\"greeting\": \"Hello, Ada\""), result);
                // the answer comes before the logs: the page reads them from the stored record once it is there
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activation-logs"), "hello Ada"));
                String logs = browser.findElement(By.id("activation-logs")).getText();
                assertTrue(logs.matches("(?s)\\S+Z\\s+stdout: hello Ada.*"), "a log line of the record: " + logs);
                assertEquals(null, browser.findElement(By.id("activation-logs")).getDomAttribute("aria-busy"));
                assertEquals("success", browser.findElement(By.id("activation-status")).getText());
                assertTrue(browser.findElement(By.id("activation-duration")).getText().matches("\\d+ ms"));
                assertTrue(browser.findElement(By.id("activation-start")).getText().startsWith("cold (init "),
                        "the first activation of an action is a cold start");
                screenshot(browser, reports.resolve("console.png"));

                // the activation list shows it, and updates itself when the action runs elsewhere
                browser.findElement(By.linkText("Activations")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activation-list"), ACTION));
                assertEquals(1, rowsNamed(browser, ACTION));
                invokeThroughTheApi(testbed);
                wait.until(d -> rowsNamed(d, ACTION) == 2);
                screenshot(browser, reports.resolve("console-activations.png"));

                // the rest of the model: a sequence shown as its components, a package, a trigger's rule and its
                // state, which the rules page changes
                api(testbed, "PUT", "/actions/console-twice", "{\"exec\":{\"kind\":\"sequence\",\"components\":"
                        + "[\"/guest/" + ACTION + "\",\"/guest/" + ACTION + "\"]}}");
                api(testbed, "PUT", "/packages/console-pkg", "{}");
                api(testbed, "PUT", "/triggers/console-ticks", "{}");
                api(testbed, "PUT", "/rules/console-rule",
                        "{\"trigger\":\"/_/console-ticks\",\"action\":\"/_/" + ACTION + "\"}");
                browser.findElement(By.linkText("Actions")).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.linkText("console-twice"))).click();
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("ol.components li"), 2));
                assertEquals("/guest/" + ACTION, browser.findElement(By.cssSelector("ol.components li a")).getText());
                browser.findElement(By.linkText("Packages")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("console-pkg")));
                browser.findElement(By.linkText("Triggers")).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.linkText("console-ticks"))).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main table"),
                        "console-rule"));
                assertEquals("active", browser.findElement(By.cssSelector("main table .state")).getText());
                browser.findElement(By.linkText("Rules")).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Disable rule console-rule']")))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main table .state"),
                        "inactive"));
                assertTrue(api(testbed, "GET", "/rules/console-rule", null).contains("\"status\":\"inactive\""),
                        "the rule was disabled through the API");

                // the key: in this tab's sessionStorage only
                assertEquals(testbed.auth(), script(browser, "return sessionStorage.getItem('brisk.console.key')"));
                assertEquals(0L, script(browser, "return localStorage.length"));
                assertEquals("", script(browser, "return document.cookie"));
                assertNoPageErrors(browser, reports);
            } catch (Exception | AssertionError e) {
                // what the page showed and said when it went wrong, for the reader of the CI report
                screenshot(browser, reports.resolve("console-failure.png"));
                Files.write(reports.resolve("browser-console.log"), browser.manage().logs().get(LogType.BROWSER)
                        .getAll().stream().map(LogEntry::toString).toList());
                throw e;
            } finally {
                browser.quit();
            }
            System.out.printf("ConsoleBrowserIT: platform start %d ms, browser session %d ms%n",
                    (platformReady - started) / 1_000_000, (System.nanoTime() - platformReady) / 1_000_000);
        }
    }

    private static Function<WebDriver, String> visibleText(By locator) {
        return d -> {
            WebElement e = d.findElement(locator);
            String text = e.isDisplayed() ? e.getText() : "";
            return text.isBlank() ? null : text;
        };
    }

    private static int rowsNamed(WebDriver browser, String name) {
        return browser.findElements(By.xpath("//div[@id='activation-list']//tbody/tr[td[2][normalize-space()='"
                + name + "']]")).size();
    }

    private static Object script(WebDriver browser, String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    private static void screenshot(ChromeDriver browser, Path file) throws Exception {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Nothing the page did was refused by its Content-Security-Policy, and no script failed. */
    private static void assertNoPageErrors(ChromeDriver browser, Path reports) throws Exception {
        List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();
        Files.write(reports.resolve("browser-console.log"), entries.stream().map(LogEntry::toString).toList());
        List<String> errors = entries.stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
                .toList();
        assertTrue(errors.isEmpty(), "the browser reported: " + errors);
    }

    /** Over plain HTTP first: the page and its policy, the same page without the slash, anything else a 404. */
    private void assertServedWithItsPolicy(StandaloneTestbed testbed) throws Exception {
        HttpResponse<String> page = get(testbed.apiHost() + "/console/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe"), csp);
        HttpResponse<String> bare = get(testbed.apiHost() + "/console");
        assertEquals(200, bare.statusCode());
        assertEquals(page.body(), bare.body());
        HttpResponse<String> unknown = get(testbed.apiHost() + "/console/..%2f..%2fMETA-INF%2fbeans.xml");
        assertEquals(404, unknown.statusCode());
        assertTrue(!unknown.body().contains("beans") && !unknown.body().contains("META-INF"), unknown.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code method /api/v1/namespaces/_<path>} as the guest; answers the body of a 200. */
    private String api(StandaloneTestbed testbed, String method, String path, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString(testbed.auth().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(testbed.apiHost()
                        + "/api/v1/namespaces/_" + path))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return r.body();
    }

    private void invokeThroughTheApi(StandaloneTestbed testbed) throws Exception {
        String auth = Base64.getEncoder().encodeToString(testbed.auth().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(testbed.apiHost()
                        + "/api/v1/namespaces/_/actions/" + ACTION + "?blocking=true"))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Grace\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }
}
