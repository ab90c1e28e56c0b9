package dev.brisk.testbed.standalone.console;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver: both found on the machine (system properties
 * {@code brisk.browser.binary} and {@code brisk.browser.driver}, else the PATH), never downloaded, so Selenium
 * Manager is not involved. The browser's console messages are kept for the test to read.
 */
final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /** What is missing to start the browser, or empty when both programs are there. */
    static Optional<String> missing() {
        if (binary().isEmpty()) {
            return Optional.of("no chromium on the PATH (apt-get install -y chromium chromium-driver)");
        }
        if (driver().isEmpty()) {
            return Optional.of("no chromedriver on the PATH (apt-get install -y chromium-driver)");
        }
        return Optional.empty();
    }

    static ChromeDriver start(Path logFile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary().orElseThrow().toFile());
        // --no-sandbox: CI runs as root, where chromium's own sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--lang=en-US", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver().orElseThrow().toFile())
                .usingAnyFreePort()
                .withLogFile(logFile.toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> binary() {
        return find("brisk.browser.binary", List.of("chromium", "chromium-browser", "google-chrome"));
    }

    private static Optional<Path> driver() {
        return find("brisk.browser.driver", List.of("chromedriver"));
    }

    private static Optional<Path> find(String property, List<String> names) {
        String given = System.getProperty(property, "");
        if (!given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
