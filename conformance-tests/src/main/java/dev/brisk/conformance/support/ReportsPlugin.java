package dev.brisk.conformance.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.cucumber.core.plugin.HtmlFormatter;
import io.cucumber.core.plugin.JUnitFormatter;
import io.cucumber.core.plugin.JsonFormatter;
import io.cucumber.core.plugin.MessageFormatter;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;

/**
 * Writes the Cucumber reports into the directory configured by {@code brisk.reports} (default
 * {@code target/conformance-reports}): {@code cucumber.html}, {@code cucumber.json}, {@code cucumber.ndjson} (messages)
 * and {@code cucumber-junit.xml}. Used as a plugin so the same reports come out of {@code java -jar} and of a
 * Surefire run of {@code ConformanceSuite}.
 */
public final class ReportsPlugin implements ConcurrentEventListener {

    private final Path dir;

    public ReportsPlugin() {
        this.dir = TargetConfig.get().reports();
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        try {
            Files.createDirectories(dir);
            new HtmlFormatter(open("cucumber.html")).setEventPublisher(publisher);
            new JsonFormatter(open("cucumber.json")).setEventPublisher(publisher);
            new MessageFormatter(open("cucumber.ndjson")).setEventPublisher(publisher);
            new JUnitFormatter(open("cucumber-junit.xml")).setEventPublisher(publisher);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Cucumber reports to " + dir, e);
        }
    }

    private OutputStream open(String file) throws IOException {
        return Files.newOutputStream(dir.resolve(file));
    }
}
