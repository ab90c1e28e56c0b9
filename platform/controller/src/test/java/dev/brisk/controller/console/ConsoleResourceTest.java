package dev.brisk.controller.console;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's files: their content types, the security headers on every answer, 404 for anything else. */
class ConsoleResourceTest {
    private final ConsoleResource console = new ConsoleResource(true);

    @ParameterizedTest
    @CsvSource({
            "'', text/html; charset=utf-8",
            "index.html, text/html; charset=utf-8",
            "app.js, text/javascript; charset=utf-8",
            "views.js, text/javascript; charset=utf-8",
            "console.css, text/css; charset=utf-8",
            "favicon.svg, image/svg+xml",
            "vendor/codemirror/codemirror.js, text/javascript; charset=utf-8",
            "vendor/codemirror/codemirror.css, text/css; charset=utf-8",
            "vendor/codemirror/javascript.js, text/javascript; charset=utf-8",
            "vendor/codemirror/python.js, text/javascript; charset=utf-8"})
    void servesEachFileWithItsContentTypeAndTheSecurityHeaders(String name, String type) {
        Response r = console.file(name, null);
        assertEquals(200, r.getStatus());
        assertEquals(MediaType.valueOf(type), r.getMediaType());
        assertTrue(((byte[]) r.getEntity()).length > 0);
        assertSecured(r);
    }

    @Test
    void theEditorIsCodeMirrorFromItsWebjar() {
        String editor = body(console.file("vendor/codemirror/codemirror.js", null));
        assertTrue(editor.contains("CodeMirror"), "not CodeMirror");
    }

    @Test
    void thePolicyAllowsNothingInlineAndNothingFromElsewhere() {
        String csp = console.file("", null).getHeaderString("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'none'"), csp);
        assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'")
                && csp.contains("connect-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe") || csp.contains("*") || csp.contains("http"), csp);
    }

    /** What the policy would refuse: inline script, inline handlers, style attributes, a script from elsewhere. */
    @Test
    void thePageHasNothingThePolicyRefuses() {
        String page = body(console.file("", null));
        var scripts = Pattern.compile("<script\\b([^>]*)>").matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            String attributes = scripts.group(1);
            assertTrue(attributes.matches(".*\\bsrc=\"/console/(vendor/codemirror/[a-z]+|[a-z]+)\\.js\".*"),
                    "a script without a local src: " + scripts.group());
        }
        assertEquals(6, count, "the editor's five scripts and the console's module");
        assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(page).find(), "inline handler");
        assertFalse(page.contains(" style="), "style attribute");
        assertFalse(page.contains("<style"), "style element");
        assertFalse(Pattern.compile("(src|href)=\"([a-z]+:)?//").matcher(page).find(), "a URL elsewhere");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope.js", "../META-INF/beans.xml", "index.html/", "INDEX.HTML", "vendor/",
            "vendor/codemirror/", "vendor/codemirror/../../app.js", "vendor/codemirror/mode/javascript/javascript.js",
            "dev/brisk/controller/console/site/index.html", "site/app.js",
            "META-INF/resources/webjars/codemirror/5.65.20/lib/codemirror.js", "%2e%2e/%2e%2e/pom.xml",
            "ConsoleResource.class", "/etc/passwd"})
    void anyOtherPathIsAPlain404ThatNamesNothing(String name) {
        Response r = console.file(name, null);
        assertEquals(404, r.getStatus());
        assertEquals("Not found\n", r.getEntity());
        assertSecured(r);
    }

    @Test
    void anUnchangedFileIsA304() {
        Response first = console.file("app.js", null);
        String etag = first.getHeaderString("ETag");
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        Response again = console.file("app.js", etag);
        assertEquals(304, again.getStatus());
        assertNull(again.getEntity());
        assertSecured(again);
        assertEquals(200, console.file("app.js", "\"something else\"").getStatus());
    }

    @Test
    void withOrWithoutTheSlashItIsThePage() {
        Response page = console.page(null);
        assertEquals(200, page.getStatus());
        assertEquals(MediaType.valueOf("text/html; charset=utf-8"), page.getMediaType());
        assertSecured(page);
        assertEquals(304, console.page(page.getHeaderString("ETag")).getStatus());
    }

    @Test
    void turnedOffItServesNothing() {
        ConsoleResource off = new ConsoleResource(false);
        assertEquals(404, off.file("", null).getStatus());
        assertEquals(404, off.file("app.js", null).getStatus());
        assertEquals(404, off.page(null).getStatus());
    }

    private static void assertSecured(Response r) {
        assertEquals(ConsoleResource.CSP, r.getHeaderString("Content-Security-Policy"));
        assertEquals("nosniff", r.getHeaderString("X-Content-Type-Options"));
        assertEquals("DENY", r.getHeaderString("X-Frame-Options"));
        assertEquals("no-referrer", r.getHeaderString("Referrer-Policy"));
    }

    private static String body(Response r) {
        return new String((byte[]) r.getEntity(), StandardCharsets.UTF_8);
    }

}
