package dev.brisk.testbed.support;

import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A Brisk platform brought up for the conformance suite and the integration tests: where its API answers and the
 * credentials it was started with. The standalone, process and Docker testbeds implement it; each seeds OpenWhisk's
 * guest and whisk.system namespaces and starts its controller with {@link #TEST_LIMITS}.
 */
public interface Testbed extends AutoCloseable {
    /** OpenWhisk's default guest key, which the controller seeds. */
    String GUEST_KEY =
            "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    /** OpenWhisk's default whisk.system key, which the controller seeds too: the suite's second namespace. */
    String SYSTEM_KEY =
            "789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    /**
     * The admin API credential ({@code brisk.admin.auth}) the testbeds configure, for the suite's {@code --admin-auth}.
     * A fixed test value: never use it for a platform anyone else can reach.
     */
    String ADMIN_AUTH = "brisk-test-admin:Zm9vYmFyVGVzdEFkbWluS2V5MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3Bx";

    /**
     * The controller's system properties in every testbed: {@link #ADMIN_AUTH}, and generous throttles, because the
     * suite runs fast from one namespace. The product defaults stay OpenWhisk's (60 invokes and 60 fires per minute,
     * 30 concurrent); scenarios that test throttling set low limits on a namespace of their own through the admin API.
     */
    List<String> TEST_LIMITS = List.of(
            "-Dbrisk.limits.invocations-per-minute=100000", "-Dbrisk.limits.fires-per-minute=100000",
            "-Dbrisk.limits.concurrent-invocations=1000", "-Dbrisk.admin.auth=" + ADMIN_AUTH);

    /** Where clients reach the API: {@code http://localhost:<port>}, or {@code https://} through a TLS front. */
    String apiHost();

    /** The guest namespace's key (the suite's {@code --auth}). */
    default String auth() {
        return GUEST_KEY;
    }

    /** The key of a second namespace ({@code whisk.system}), for tests that act across namespaces. */
    default String auth2() {
        return SYSTEM_KEY;
    }

    /** The admin API credential the controller is configured with (the suite's {@code --admin-auth}). */
    default String adminAuth() {
        return ADMIN_AUTH;
    }

    /** Trusts this testbed's self-signed certificate; the JDK's default context where the API is plain HTTP. */
    default SSLContext sslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
