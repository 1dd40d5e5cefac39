package io.dealsign.admin;

import io.dealsign.binding.Binding;
import io.dealsign.pipedrive.PipedriveBudget;
import io.dealsign.polling.Watermarks;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.simulator.pipedrive.DealDraft;
import io.dealsign.simulator.pipedrive.Person;
import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.RunningService;
import io.dealsign.testing.SyncWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin page over plain HTTP, as a browser would call it (cookies by hand): who gets in, that forms
 * without the session's form token change nothing, and that values from the CRM are escaped.
 * {@link AdminPageBrowserTest} drives the same page in a real browser.
 */
class AdminPageTest {

    static final String TOKEN = "page-token-for-tests-0123456789abcdef";
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"form-token\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("dealsign_admin=([^;]*)");

    @TempDir
    static Path work;
    static SyncWorld world;

    @BeforeAll
    static void start() {
        world = SyncWorld.start(work, Map.of(AdminToken.SETTING, TOKEN));
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void should_show_the_sign_in_form_and_nothing_else_without_a_session() {
        HttpResponse<String> none = get("/admin", null);
        HttpResponse<String> unknownSession = get("/admin", "made-up-session-id");

        for (HttpResponse<String> page : new HttpResponse[] {none, unknownSession}) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("action=\"/admin/sign-in\"").contains("name=\"token\"")
                    .doesNotContain("Parked events").doesNotContain("Bindings");
            assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
        }
    }

    @Test
    void should_refuse_a_wrong_token_and_sign_in_with_a_cookie_that_is_not_the_token() {
        try (CapturedLogs logs = new CapturedLogs()) {
            HttpResponse<String> wrong = post("/admin/sign-in", null, "token", "not-the-token");
            HttpResponse<String> empty = post("/admin/sign-in", null);

            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("That token is not valid").doesNotContain("not-the-token");
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(empty.statusCode()).isEqualTo(401);

            HttpResponse<String> signedIn = post("/admin/sign-in", null, "token", TOKEN);

            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(signedIn.headers().firstValue("Location")).hasValue("/admin");
            String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/admin")
                    .doesNotContain(TOKEN);
            String session = cookie(signedIn);
            assertThat(session).hasSizeGreaterThanOrEqualTo(40);
            HttpResponse<String> page = get("/admin", session);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Parked events").contains("Bindings").contains("Pollers")
                    .contains("16 requests per 2 s").as("the token is never in the page").doesNotContain(TOKEN);
            assertThat(String.join("\n", logs.lines())).doesNotContain(TOKEN).doesNotContain("not-the-token").contains("sign-in refused");
        }
    }

    @Test
    void should_refuse_a_form_without_the_sessions_form_token_and_do_nothing() {
        String session = signIn();
        String formToken = formToken(get("/admin", session));
        Watermarks watermarks = world.service().camelContext().getRegistry().lookupByNameAndType("watermarks", Watermarks.class);

        HttpResponse<String> withoutFormToken = post("/admin/poll", session, "poller", "dottedsign");
        HttpResponse<String> withWrongFormToken = post("/admin/poll", session, "poller", "dottedsign", "form-token", "x" + formToken);
        HttpResponse<String> withoutSession = post("/admin/poll", null, "poller", "dottedsign", "form-token", formToken);

        assertThat(withoutFormToken.statusCode()).isEqualTo(403);
        assertThat(withoutFormToken.body()).contains("form token");
        assertThat(withWrongFormToken.statusCode()).isEqualTo(403);
        assertThat(withoutSession.statusCode()).isEqualTo(401);
        assertThat(watermarks.lastRunAt("dottedsign-tasks")).as("no poll ran").isEmpty();

        HttpResponse<String> proper = post("/admin/poll", session, "poller", "dottedsign", "form-token", formToken);

        assertThat(proper.statusCode()).isEqualTo(303);
        assertThat(watermarks.lastRunAt("dottedsign-tasks")).isPresent();
        HttpResponse<String> after = get("/admin", session);
        assertThat(after.body()).contains("Poll cycle done: dottedsign-tasks");
        assertThat(get("/admin", session).body()).as("a notice shows once").doesNotContain("Poll cycle done");

        HttpResponse<String> signedOut = post("/admin/sign-out", session, "form-token", formToken);
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("Set-Cookie")).get().asString().contains("Max-Age=0");
        assertThat(get("/admin", session).body()).as("the session ended").contains("name=\"token\"").doesNotContain("Pollers");
    }

    @Test
    void should_show_a_pipedrive_pause_and_resume_calls_from_the_page() {
        String session = signIn();
        world.pipedrive.dailyBudget(1);
        try {
            Deal deal = world.dealWithSigner("Held back by the daily budget");
            await().atMost(Duration.ofSeconds(20)).until(() -> budget().isPaused());
            HttpResponse<String> paused = get("/admin", session);
            assertThat(paused.body()).contains("paused</span> until").contains("daily")
                    .contains("action=\"/admin/pipedrive/resume\"");
            world.pipedrive.unlimitedDailyBudget();

            HttpResponse<String> resume = post("/admin/pipedrive/resume", session, "form-token", formToken(paused));

            assertThat(resume.statusCode()).isEqualTo(303);
            assertThat(budget().isPaused()).isFalse();
            assertThat(get("/admin", session).body()).contains("Pipedrive calls resume now").contains("running</span>");
            await().atMost(Duration.ofSeconds(20)).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
        } finally {
            world.pipedrive.unlimitedDailyBudget();
            budget().resume();
        }
    }

    /**
     * The service keeps no deal titles, but CRM text reaches the page all the same: a binding's reason
     * names the contact person. A deal whose title and person's name are markup must show both as text.
     */
    @Test
    void should_escape_markup_from_the_crm_wherever_it_reaches_the_page() {
        String personName = "<img src=x onerror=alert(1)> O'Brien & \"Partners\"";
        Person person = world.pipedrive.createPerson(personName);
        Deal deal = world.pipedrive.createDeal(DealDraft.titled("<script>alert('title')</script>").withPerson(person.id()));
        await().atMost(Duration.ofSeconds(20)).until(() -> world.binding(deal.id()) != null
                && world.binding(deal.id()).state() == Binding.State.NO_SIGNER);
        assertThat(world.binding(deal.id()).reason()).as("the CRM's text is in what the page shows").contains(personName);
        String session = signIn();

        HttpResponse<String> page = get("/admin?deal=" + deal.id(), session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("the contact person &lt;img src=x onerror=alert(1)&gt; O&#39;Brien &amp; &quot;Partners&quot; has no e-mail")
                .doesNotContain("<script").doesNotContain("<img");
    }

    @Test
    void should_answer_400_for_a_deal_search_that_is_not_an_id() {
        HttpResponse<String> page = get("/admin?deal=%3Cb%3E", signIn());

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("deal id must be a positive whole number").doesNotContain("<b>");
    }

    @Test
    void should_refuse_every_page_request_with_403_when_no_token_is_configured() {
        try (RunningService service = RunningService.builder().start()) {
            HttpResponse<String> page = service.get("/admin");
            HttpResponse<String> signIn = service.send(form(service, "/admin/sign-in", null, "token", "anything"));

            assertThat(page.statusCode()).isEqualTo(403);
            assertThat(signIn.statusCode()).isEqualTo(403);
            assertThat(page.body()).contains("admin page is off").contains("sync.admin.token").doesNotContain("name=\"token\"");
            assertThat(signIn.headers().firstValue("Set-Cookie")).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private static PipedriveBudget budget() {
        return world.service().camelContext().getRegistry().lookupByNameAndType(PipedriveBudget.BEAN, PipedriveBudget.class);
    }

    static String signIn() {
        return cookie(post("/admin/sign-in", null, "token", TOKEN));
    }

    private static String cookie(HttpResponse<String> answer) {
        Matcher matcher = COOKIE.matcher(answer.headers().firstValue("Set-Cookie").orElseThrow());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String formToken(HttpResponse<String> page) {
        Matcher matcher = FORM_TOKEN.matcher(page.body());
        assertThat(matcher.find()).as("the page has forms").isTrue();
        return matcher.group(1);
    }

    private static HttpResponse<String> get(String path, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(world.service().url(path))).GET();
        if (session != null) {
            request.header("Cookie", "dealsign_admin=" + session);
        }
        return world.service().send(request.build());
    }

    private static HttpResponse<String> post(String path, String session, String... fields) {
        return world.service().send(form(world.service(), path, session, fields));
    }

    private static HttpRequest form(RunningService service, String path, String session, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (session != null) {
            request.header("Cookie", "dealsign_admin=" + session);
        }
        return request.build();
    }
}
