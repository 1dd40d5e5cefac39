package io.dealsign.admin;

import io.dealsign.dottedsign.DottedSignClientSettings;
import io.dealsign.pipedrive.PipedriveLimits;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every text the overview shows comes from somewhere else (the CRM, an API's answer, a webhook's
 * sender): each field here holds markup and a configured secret, and the page must show the markup
 * as text and the secret nowhere.
 */
class AdminPageRenderingTest {

    private static final String SECRET = "pd-api-token-0123456789";
    private static final String HOSTILE = "<b onmouseover=\"x\">'&" + SECRET;
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final AdminPage page = new AdminPage(new AnswerWriter(List.of(SECRET))::redactText);

    @Test
    void should_escape_and_redact_every_value_it_renders() {
        String html = page.overview(overview(HOSTILE));

        assertThat(html).doesNotContain(SECRET).doesNotContain("<b ").doesNotContain("onmouseover=\"");
        int escaped = count(html, Pattern.quote("&lt;b onmouseover=&quot;x&quot;&gt;&#39;&amp;[redacted]"));
        // kind, subject, error (text and tooltip) of the parked and of the recent event; the binding's
        // statuses, reason and outcome; the poller's name and result; the pause reason; the notice; the
        // form token of the four forms (sign out, resume, run the poller, replay)
        assertThat(escaped).isEqualTo(2 * 4 + 4 + 2 + 1 + 1 + 4);
        assertThat(html).contains("<form method=\"post\" action=\"/admin/replay\"")
                .contains("name=\"form-token\" value=\"&lt;b onmouseover=&quot;x&quot;&gt;&#39;&amp;[redacted]\"");
    }

    @Test
    void should_show_a_pause_with_its_end_and_reason_and_offer_to_resume() {
        String html = page.overview(overview("daily budget spent"));

        assertThat(html).contains("paused</span> until 2026-03-01 12:00:00 UTC").contains("daily budget spent")
                .contains("action=\"/admin/pipedrive/resume\"").contains("16 requests per 2 s")
                .contains("1,234 tokens").contains("5 requests per 1 s").contains("events wait 1 h");
    }

    private static AdminPage.Overview overview(String text) {
        AdminViews.Event event = new AdminViews.Event(7, "pipedrive", text, text, "PARKED", 3, text, NOW, null, NOW);
        AdminViews.BindingView binding = new AdminViews.BindingView(42, 9L, text, text, "FAILED", text, text, NOW, NOW);
        Map<String, AdminViews.Poller> pollers = new LinkedHashMap<>();
        pollers.put("pipedrive", new AdminViews.Poller(text, NOW, NOW, text));
        AdminViews.Budget budget = new AdminViews.Budget(true, NOW.plusSeconds(7200), text, 1234L, 3, 20, null, NOW);
        AdminViews.Status status = new AdminViews.Status(Map.of("PARKED", 1L), pollers, budget);
        return new AdminPage.Overview(status, PipedriveLimits.defaults(), DottedSignClientSettings.defaults(), null,
                List.of(binding), List.of(event), List.of(event), new AdminSessions.Notice(text, false), text, NOW);
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
