package dev.brisk.controller.apigw;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** APIGW-001's gwApiUrl: X-Forwarded-Proto is read only when trusted, and then only http or https. */
class ApiHostTest {
    private static final URI DIRECT = URI.create("http://brisk.example:3233/");

    @Test
    void aClientReachingTheControllerDirectlyCannotNameTheScheme() {
        ApiHost untrusted = new ApiHost(false);
        assertEquals("http://brisk.example:3233", untrusted.of(DIRECT, null));
        assertEquals("http://brisk.example:3233", untrusted.of(DIRECT, "https"));
    }

    @Test
    void behindATrustedProxyItsSchemeIsTaken() {
        ApiHost trusted = new ApiHost(true);
        assertEquals("https://brisk.example:3233", trusted.of(DIRECT, "https"));
        assertEquals("https://brisk.example:3233", trusted.of(DIRECT, " HTTPS "));
        assertEquals("http://brisk.example:3233", trusted.of(URI.create("https://brisk.example:3233/"), "http"));
        assertEquals("http://brisk.example:3233", trusted.of(DIRECT, null));
    }

    @Test
    void nothingButHttpOrHttpsBecomesTheScheme() {
        ApiHost trusted = new ApiHost(true);
        for (String hostile : new String[]{"javascript", "https://evil.example/#", "ftp", "https, http", "", "http\r\nX: y"}) {
            assertEquals("http://brisk.example:3233", trusted.of(DIRECT, hostile), hostile);
        }
    }
}
