package io.privacyplatform.systemtest;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's chromium through its chromedriver, headless, given explicitly so that Selenium Manager never looks for (or
 * downloads) one; with the accessibility check (axe-core inside the page) and screenshots under
 * {@code target/screenshots/}, that the browser tests share.
 */
final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** A fresh profile in {@code language} (e.g. {@code fr-FR}). */
    static Browser start(String language) {
        try {
            Path screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
            Files.createDirectories(screenshots);
            String chromedriver = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");
            System.setProperty("webdriver.chrome.driver", chromedriver);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
            Path profile = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "browser-test-");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + profile, "--window-size=1280,1100", "--lang=" + language);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** axe-core on the page as it is now: no serious or critical violation (each one named with its elements). */
    void assertNoSeriousAccessibilityViolations(String page) {
        Results results = new AxeBuilder().analyze(driver);
        List<Rule> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())).toList();
        assertTrue(serious.isEmpty(), page + ": " + serious.stream()
                .map(rule -> rule.getImpact() + " " + rule.getId() + " " + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; ")));
    }

    void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the condition; on a timeout, keeps a screenshot and the page's source of that step to see why. */
    <T> T until(String step, Duration timeout, ExpectedCondition<T> condition) {
        try {
            return new WebDriverWait(driver, timeout).until(condition);
        } catch (TimeoutException e) {
            screenshot("failed-" + step);
            try {
                Files.writeString(screenshots.resolve("failed-" + step + ".html"), driver.getPageSource());
            } catch (IOException ignored) {
                // the timeout is what the test reports
            }
            throw e;
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
