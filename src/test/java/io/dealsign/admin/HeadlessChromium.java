package io.dealsign.admin;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium and its chromedriver for browser tests, installed with apt-get when missing (once
 * per test run). Selenium is handed both paths, so Selenium Manager never downloads a driver or a
 * browser. Where they cannot be installed the test is skipped with the reason, except under
 * {@code CI=true}, where that is a failure.
 */
final class HeadlessChromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path INSTALL_LOG = Path.of("target", "chromium-install.log");
    private static String unavailable;
    private static boolean checked;

    private HeadlessChromium() {
    }

    /** A headless Chromium of this size, or the test is skipped (failed under CI) when there is none. */
    static ChromeDriver start(int width, int height) {
        requireInstalled();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=" + width + "," + height, "--lang=en-US");
        return new ChromeDriver(service, options);
    }

    private static synchronized void requireInstalled() {
        if (!checked) {
            checked = true;
            unavailable = installIfMissing();
        }
        if (unavailable != null) {
            String message = "No headless Chromium for the browser test: " + unavailable
                    + ". Install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver).";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " Under CI=true this is a failure, not a skip.");
            }
            Assumptions.abort(message);
        }
    }

    /** Null when both are there (after installing them if need be), else why not. */
    private static String installIfMissing() {
        if (installed()) {
            return null;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return BROWSER + " or " + DRIVER + " is missing and there is no apt-get to install them";
        }
        try {
            Files.createDirectories(INSTALL_LOG.getParent());
            // A fresh machine may have no package lists yet: update only when the install alone fails.
            if (!run(List.of("apt-get", "install", "-y", "-q", "chromium", "chromium-driver"))) {
                run(List.of("apt-get", "update", "-q"));
                run(List.of("apt-get", "install", "-y", "-q", "chromium", "chromium-driver"));
            }
        } catch (IOException e) {
            return "installing them failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "installing them was interrupted";
        }
        return installed() ? null : "apt-get could not install them (see " + INSTALL_LOG.toAbsolutePath() + ")";
    }

    private static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    private static boolean run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(INSTALL_LOG.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }
}
