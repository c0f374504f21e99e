package io.saasplatform.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Test plumbing: headless Chromium from the distribution packages ({@code chromium} + {@code chromium-driver}), driven
 * by Selenium with explicit binary paths so that Selenium Manager never tries the network. Without the packages the
 * browser tests are skipped with one loud line, unless {@code CI} is set: then they fail.
 */
final class Browser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL = "apt-get update && apt-get install -y chromium chromium-driver";
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private Browser() {}

    /** Whether the browser tests can run here; skips (or fails on CI) the calling test class when not. */
    static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (installed) {
            return;
        }
        String message = "BROWSER TESTS SKIPPED: no Chromium at " + CHROMIUM + " / " + DRIVER + ". Install it with: "
                + INSTALL;
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(message.replace("SKIPPED", "FAILED (CI is set)"));
        }
        if (WARNED.compareAndSet(false, true)) {
            System.err.println("*** " + message + " ***");
        }
        Assumptions.abort(message);
    }

    /** A new headless Chromium; one per test class, reused by its tests. */
    static ChromeDriver start() {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    /** Saves a screenshot and the page source under {@code target/browser-failures/} when a test fails. */
    static final class SaveOnFailure implements TestWatcher {
        private final java.util.function.Supplier<WebDriver> driver;

        SaveOnFailure(java.util.function.Supplier<WebDriver> driver) {
            this.driver = driver;
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            WebDriver current = driver.get();
            if (current == null) {
                return;
            }
            Path dir = Path.of("target", "browser-failures");
            String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
            try {
                Files.createDirectories(dir);
                Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) current).getScreenshotAs(OutputType.BYTES));
                Files.writeString(dir.resolve(name + ".html"), current.getPageSource());
                System.err.println("browser state saved: " + dir.resolve(name).toAbsolutePath() + ".{png,html}");
            } catch (IOException | RuntimeException e) {
                System.err.println("could not save the browser state: " + e);
            }
        }
    }
}
