package dev.brisk.controller.invoke;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a blocking invoke and a web action request wait for their activation's result before the caller gets 202
 * and the activation id: one setting for both, as OpenWhisk's {@code controller.activation.max-wait-for-blocking-activation}
 * (Actions.scala, WebActions.scala), which also bounds the {@code timeout} a blocking invoke may ask for.
 */
@ApplicationScoped
public class BlockingWait {
    public static final String KEY = "brisk.controller.max-wait-for-blocking-activation";
    /** The web actions' own setting from before there was one for both; still read when {@link #KEY} is not set. */
    public static final String WEB_ALIAS = "brisk.web.max-wait";
    /** OpenWhisk's application.conf: {@code max-wait-for-blocking-activation = 60 seconds}. */
    public static final Duration OPENWHISK_DEFAULT = Duration.ofSeconds(60);

    private final Duration max;

    @Inject
    public BlockingWait(@ConfigProperty(name = KEY) Optional<Duration> configured,
                        @ConfigProperty(name = WEB_ALIAS) Optional<Duration> webAlias) {
        this(configured.or(() -> webAlias).orElse(OPENWHISK_DEFAULT));
    }

    public BlockingWait(Duration max) {
        // the timeout query parameter is an int of milliseconds in OpenWhisk; a longer wait could never be asked for
        if (max.isNegative() || max.isZero() || max.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(KEY + " must be positive and at most " + Integer.MAX_VALUE + " ms: " + max);
        }
        this.max = max;
    }

    public Duration max() {
        return max;
    }

    /**
     * The wait a blocking invoke asked for with its {@code timeout} query parameter (milliseconds, 1 to the max wait),
     * or the max wait without one; 400 {@code Timeout must be number of milliseconds up to <max>.} otherwise.
     */
    public long waitMillis(String timeout) {
        if (timeout == null) {
            return max.toMillis();
        }
        try {
            long millis = Long.parseLong(timeout.trim());
            if (millis <= 0 || millis > max.toMillis()) {
                throw ApiException.badRequest(Messages.badTimeout(max.toMillis()));
            }
            return millis;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(Messages.badTimeout(max.toMillis()));
        }
    }
}
