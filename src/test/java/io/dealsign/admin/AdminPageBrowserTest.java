package io.dealsign.admin;

import io.dealsign.inbox.Inbox;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.testing.SyncWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator's visit to the admin page in a real (headless) Chromium, over real HTTP against the
 * service and both simulators: sign in, find a bound deal and a parked event with its error, press
 * Replay and watch the event run. Leaves screenshots in {@code target/admin-page.png} (before the replay) and
 * {@code target/admin-page-after-replay.png}.
 */
class AdminPageBrowserTest {

    private static final String TOKEN = "browser-token-for-tests-0123456789abcdef";
    private static final Duration FLOW = Duration.ofSeconds(20);

    @TempDir
    static Path work;
    static SyncWorld world;
    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        browser = HeadlessChromium.start(1366, 1100);
        world = SyncWorld.start(work, Map.of(
                AdminToken.SETTING, TOKEN,
                // The first failure parks an event, and a call is not retried within an attempt.
                "sync.inbox.max-attempts", "1",
                "dottedsign.retry.max-retries", "0"));
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (world != null) {
                world.close();
            }
        }
    }

    @Test
    void should_show_bindings_and_a_parked_event_with_its_error_and_run_it_when_replay_is_pressed() throws Exception {
        Deal bound = world.dealWithSigner("Bound before the outage");
        await().atMost(FLOW).until(() -> world.binding(bound.id()) != null && world.binding(bound.id()).hasTask());
        world.dottedSign.faults().errorRate(1.0);
        Deal parkedDeal = world.dealWithSigner("Parked while DottedSign was down");
        Inbox.Row parked = await().atMost(FLOW).until(() -> parkedEvents(parkedDeal), rows -> rows.size() == 1).get(0);
        assertThat(parked.lastError()).isNotBlank();

        browser.get(world.service().url("/admin"));
        browser.findElement(By.name("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("form[action='/admin/sign-in'] button")).click();
        // The click starts the sign-in's redirect; the signed-in page is there once it shows the bindings.
        await().atMost(FLOW).until(() -> !browser.findElements(By.id("bindings")).isEmpty());

        WebElement binding = browser.findElement(By.id("deal-" + bound.id()));
        assertThat(binding.getText()).contains("BOUND").contains(String.valueOf(world.binding(bound.id()).taskId()));
        WebElement event = browser.findElement(By.id("event-" + parked.id()));
        assertThat(event.getText()).contains("deal.added").contains("deal:" + parkedDeal.id())
                .contains(parked.lastError().substring(0, Math.min(80, parked.lastError().length())));
        assertThat(browser.findElements(By.id("deal-" + parkedDeal.id()))).as("no binding before the replay").isEmpty();

        screenshot(browser, Path.of("target", "admin-page.png"));

        world.dottedSign.faults().none();
        event.findElement(By.tagName("button")).click();

        assertThat(browser.getCurrentUrl()).endsWith("/admin");
        assertThat(browser.findElement(By.id("notice")).getText()).contains("event " + parked.id() + " is queued again");
        await().atMost(FLOW).until(() -> {
            browser.navigate().refresh();
            return browser.findElements(By.id("event-" + parked.id())).isEmpty()
                    && !browser.findElements(By.id("deal-" + parkedDeal.id())).isEmpty();
        });
        assertThat(browser.findElement(By.id("deal-" + parkedDeal.id())).getText()).contains("BOUND");
        assertThat(world.tasksOfDeal(parkedDeal.id())).as("the replay created the deal's task, once").hasSize(1);
        assertThat(browser.findElement(By.id("parked")).getText()).contains("No parked events");
        screenshot(browser, Path.of("target", "admin-page-after-replay.png"));
    }

    private static List<Inbox.Row> parkedEvents(Deal deal) {
        Inbox inbox = world.service().camelContext().getRegistry().lookupByNameAndType("inbox", Inbox.class);
        return inbox.rows("PARKED", List.of("deal:" + deal.id()), 10);
    }

    private static void screenshot(WebDriver driver, Path target) throws Exception {
        Path shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
