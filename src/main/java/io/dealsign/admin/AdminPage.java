package io.dealsign.admin;

import io.dealsign.admin.AdminSessions.Notice;
import io.dealsign.dottedsign.DottedSignClientSettings;
import io.dealsign.pipedrive.PipedriveLimits;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The admin page's HTML: the sign-in form, the page saying the admin page is off, and the overview
 * (inbox, both APIs' limits, pollers, parked events, bindings, recent events). Plain server-rendered
 * HTML with its CSS inline and no script, so the page's Content-Security-Policy can forbid scripts
 * altogether. Every value goes through {@link Html#text}.
 */
final class AdminPage {

    static final String PATH = "/admin";
    static final String SIGN_IN = PATH + "/sign-in";
    static final String SIGN_OUT = PATH + "/sign-out";
    static final String REPLAY = PATH + "/replay";
    static final String POLL = PATH + "/poll";
    static final String RESUME_PIPEDRIVE = PATH + "/pipedrive/resume";
    /** The hidden field of every state-changing form: the session's form token. */
    static final String FORM_TOKEN = "form-token";

    static final int BINDINGS_SHOWN = 50;
    static final int PARKED_SHOWN = 50;
    static final int RECENT_SHOWN = 25;
    private static final int ERROR_SHOWN = 220;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Everything the overview shows, read for one request. */
    record Overview(AdminViews.Status status, PipedriveLimits pipedrive, DottedSignClientSettings dottedSign,
                    Long dealFilter, List<AdminViews.BindingView> bindings, List<AdminViews.Event> parked,
                    List<AdminViews.Event> recent, Notice notice, String formToken, Instant now) {
    }

    private final UnaryOperator<String> redact;

    AdminPage(UnaryOperator<String> redact) {
        this.redact = redact;
    }

    // --- sign-in and off ----------------------------------------------------------------------------------

    String signIn(String problem) {
        Html html = start("Sign in");
        html.markup("<main class=\"narrow\"><section class=\"card\"><h1>dealsign-sync admin</h1>");
        if (problem != null) {
            html.element("p", "notice bad", problem);
        }
        html.markup("<form method=\"post\" action=\"" + SIGN_IN + "\" class=\"stack\">"
                + "<label for=\"token\">Admin token (<code>" + AdminToken.SETTING + "</code>)</label>"
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required autofocus>"
                + "<button type=\"submit\">Sign in</button></form>"
                + "<p class=\"muted\">Signing in sets a session cookie for this page; the token itself is not stored in the browser.</p>"
                + "</section></main>");
        return end(html);
    }

    String off() {
        Html html = start("Admin page off");
        html.markup("<main class=\"narrow\"><section class=\"card\"><h1>dealsign-sync admin</h1>");
        html.element("p", "notice bad", "The admin page is off: set " + AdminToken.SETTING + " (environment variable "
                + AdminToken.ENVIRONMENT_VARIABLE + ") to a long random value and restart the service to turn it on.");
        html.markup("</section></main>");
        return end(html);
    }

    /** A page for an answer that is not the overview: a refused form, a bad request, a failure. */
    String problem(String title, String message) {
        Html html = start(title);
        html.markup("<main class=\"narrow\"><section class=\"card\"><h1>").text(title).markup("</h1>");
        html.element("p", "notice bad", message);
        html.markup("<p><a href=\"" + PATH + "\">Back to the admin page</a></p></section></main>");
        return end(html);
    }

    // --- the overview -------------------------------------------------------------------------------------

    String overview(Overview view) {
        Html html = start("Admin");
        html.markup("<header><h1>dealsign-sync <span>admin</span></h1><div class=\"bar\">")
                .element("span", "muted", "as of " + time(view.now()) + " UTC");
        postForm(html, SIGN_OUT, view.formToken(), "", "Sign out", "quiet");
        html.markup("</div></header><main>");
        if (view.notice() != null) {
            html.markup("<p class=\"notice " + (view.notice().ok() ? "ok" : "bad") + "\" role=\"status\" id=\"notice\">")
                    .text(view.notice().text()).markup("</p>");
        }
        html.markup("<section class=\"cards\">");
        inbox(html, view.status().inbox());
        pipedrive(html, view);
        dottedSign(html, view.dottedSign());
        html.markup("</section>");
        pollers(html, view);
        parked(html, view);
        bindings(html, view);
        recent(html, view);
        html.markup("</main>");
        return end(html);
    }

    private void inbox(Html html, Map<String, Long> counts) {
        html.markup("<article class=\"card\" id=\"inbox\"><h2>Inbox</h2><dl class=\"counts\">");
        counts.forEach((status, count) -> html.markup("<div><dt>").markup(badge(status)).markup("</dt><dd>").text(count)
                .markup("</dd></div>"));
        html.markup("</dl></article>");
    }

    private void pipedrive(Html html, Overview view) {
        AdminViews.Budget budget = view.status().pipedriveBudget();
        PipedriveLimits limits = view.pipedrive();
        html.markup("<article class=\"card\" id=\"pipedrive\"><h2>Pipedrive</h2><dl>");
        row(html, "Throttle", limits == null ? "unknown" : limits.requestsPerPeriod() + " requests per " + duration(limits.period()));
        html.markup("<dt>Calls</dt><dd>");
        if (budget.paused()) {
            html.markup("<span class=\"badge bad\">paused</span> until ").text(time(budget.pausedUntil()) + " UTC")
                    .markup("<div class=\"reason\">").text(budget.pauseReason()).markup("</div>");
            postForm(html, RESUME_PIPEDRIVE, view.formToken(), "", "Resume Pipedrive calls now", null);
        } else {
            html.markup("<span class=\"badge ok\">running</span>");
        }
        html.markup("</dd>");
        row(html, "Daily budget left", budget.dailyTokensRemaining() == null ? "not known yet"
                : String.format("%,d tokens", budget.dailyTokensRemaining()));
        row(html, "Burst window", budget.burstRemaining() == null ? "not known yet"
                : budget.burstRemaining() + (budget.burstLimit() == null ? "" : " of " + budget.burstLimit()) + " requests left"
                + (budget.burstWindowOpensAt() == null ? "" : ", reopens " + time(budget.burstWindowOpensAt())));
        row(html, "Last limits seen", budget.lastAnswerAt() == null ? "no answer yet" : time(budget.lastAnswerAt()));
        if (limits != null) {
            row(html, "Retries", limits.maxRetries() + " per call, backoff " + duration(limits.firstRetryDelay()) + " to "
                    + duration(limits.maxRetryDelay()));
            row(html, "Cloudflare block", "calls pause for " + duration(limits.cloudflarePause()));
        }
        html.markup("</dl></article>");
    }

    private void dottedSign(Html html, DottedSignClientSettings settings) {
        html.markup("<article class=\"card\" id=\"dottedsign\"><h2>DottedSign</h2><dl>");
        if (settings == null) {
            row(html, "Throttle", "unknown");
        } else {
            row(html, "Throttle", settings.rateLimitRequests() + " requests per " + duration(settings.rateLimitPeriod()));
            row(html, "Retries", settings.maxRetries() + " after 5xx or timeouts, " + settings.maxRateLimitRetries()
                    + " after 429, backoff " + duration(settings.initialRetryDelay()) + " to " + duration(settings.maxRetryDelay()));
            row(html, "Monthly quota spent", "events wait " + duration(settings.quotaWait()) + ", then try again");
            row(html, "Timeouts", "connect " + duration(settings.connectTimeout()) + ", answer " + duration(settings.responseTimeout()));
        }
        html.markup("</dl><p class=\"muted\">DottedSign publishes no rate limits; these are this service's own.</p></article>");
    }

    private void pollers(Html html, Overview view) {
        html.markup("<section id=\"pollers\"><h2>Pollers</h2><table><thead><tr><th>Poller</th><th>Last run (UTC)</th>"
                + "<th>Watermark (UTC)</th><th>Last result</th><th></th></tr></thead><tbody>");
        view.status().pollers().forEach((key, poller) -> {
            html.markup("<tr>").element("td", null, poller.name())
                    .element("td", "time", poller.lastRunAt() == null ? "never" : time(poller.lastRunAt()))
                    .element("td", "time", poller.watermark() == null ? "none yet" : time(poller.watermark()))
                    .element("td", "wrap", poller.lastResult())
                    .markup("<td class=\"action\">");
            postForm(html, POLL, view.formToken(), hidden("poller", key), "Run now", null);
            html.markup("</td></tr>");
        });
        html.markup("</tbody></table></section>");
    }

    private void parked(Html html, Overview view) {
        html.markup("<section id=\"parked\"><h2>Parked events");
        html.element("span", "count", count(view.parked().size(), PARKED_SHOWN, view.dealFilter()));
        html.markup("</h2>");
        if (view.parked().isEmpty()) {
            html.element("p", "muted empty", "No parked events" + (view.dealFilter() == null ? "." : " for deal " + view.dealFilter() + "."));
        } else {
            html.markup("<table><thead><tr><th>Event</th><th>Received (UTC)</th><th>Kind</th><th>Subject</th>"
                    + "<th>Attempts</th><th>Error</th><th></th></tr></thead><tbody>");
            for (AdminViews.Event event : view.parked()) {
                html.markup("<tr id=\"event-" + event.id() + "\">").element("td", "id", event.id())
                        .element("td", "time", time(event.receivedAt())).element("td", null, event.kind())
                        .element("td", "id", event.subject()).element("td", "num", event.attempts());
                error(html, event.lastError(), false);
                html.markup("<td class=\"action\">");
                postForm(html, REPLAY, view.formToken(), hidden("event", String.valueOf(event.id()))
                        + (view.dealFilter() == null ? "" : hidden("deal", String.valueOf(view.dealFilter()))), "Replay", null);
                html.markup("</td></tr>");
            }
            html.markup("</tbody></table>");
        }
        html.markup("</section>");
    }

    private void bindings(Html html, Overview view) {
        html.markup("<section id=\"bindings\"><h2>Bindings");
        html.element("span", "count", count(view.bindings().size(), BINDINGS_SHOWN, view.dealFilter()));
        html.markup("</h2><form method=\"get\" action=\"" + PATH + "\" class=\"search\"><label for=\"deal\">Deal id</label>"
                + "<input id=\"deal\" name=\"deal\" inputmode=\"numeric\" pattern=\"[0-9]*\" value=\"")
                .text(view.dealFilter()).markup("\"><button type=\"submit\">Search</button>");
        if (view.dealFilter() != null) {
            html.markup("<a href=\"" + PATH + "\">Show every deal</a>");
        }
        html.markup("</form>");
        if (view.bindings().isEmpty()) {
            html.element("p", "muted empty", view.dealFilter() == null ? "No bindings yet." : "Deal " + view.dealFilter() + " has no binding.");
        } else {
            html.markup("<table><thead><tr><th>Deal</th><th>Task</th><th>Deal status</th><th>Task status</th><th>State</th>"
                    + "<th>Reason</th><th>Outcome applied</th><th>Last change (UTC)</th></tr></thead><tbody>");
            for (AdminViews.BindingView binding : view.bindings()) {
                html.markup("<tr id=\"deal-" + binding.dealId() + "\">").element("td", "id", binding.dealId())
                        .element("td", "id", binding.taskId() == null ? "–" : binding.taskId())
                        .element("td", null, binding.dealStatus()).element("td", null, binding.taskStatus())
                        .markup("<td>").markup(badge(binding.state())).markup("</td>")
                        .element("td", "wrap", binding.reason()).element("td", null, binding.outcomeApplied())
                        .element("td", "time", time(binding.updatedAt())).markup("</tr>");
            }
            html.markup("</tbody></table>");
        }
        html.markup("</section>");
    }

    private void recent(Html html, Overview view) {
        html.markup("<section id=\"activity\"><h2>Recent events");
        html.element("span", "count", "the latest " + RECENT_SHOWN + " received" + (view.dealFilter() == null ? ""
                : " for deal " + view.dealFilter()) + ", newest first");
        html.markup("</h2>");
        if (view.recent().isEmpty()) {
            html.element("p", "muted empty", "No events yet.");
        } else {
            html.markup("<table><thead><tr><th>Event</th><th>Received (UTC)</th><th>Source</th><th>Kind</th><th>Subject</th>"
                    + "<th>Status</th><th>Attempts</th><th>Finished / next try (UTC)</th><th>Last error</th>"
                    + "</tr></thead><tbody>");
            for (AdminViews.Event event : view.recent()) {
                Instant when = event.finishedAt() != null ? event.finishedAt() : event.nextAttemptAt();
                html.markup("<tr>").element("td", "id", event.id()).element("td", "time", time(event.receivedAt()))
                        .element("td", null, event.source()).element("td", null, event.kind())
                        .element("td", "id", event.subject())
                        .markup("<td>").markup(badge(event.status())).markup("</td>")
                        .element("td", "num", event.attempts()).element("td", "time", time(when));
                // A done event keeps the error of the attempt before the one that succeeded: history, not a problem.
                error(html, event.lastError(), "DONE".equals(event.status()));
                html.markup("</tr>");
            }
            html.markup("</tbody></table>");
        }
        html.markup("</section>");
    }

    // --- pieces -------------------------------------------------------------------------------------------

    private static void row(Html html, String term, String value) {
        html.element("dt", null, term).element("dd", null, value);
    }

    /** A last error, cut to a readable length; the whole text is in the cell's tooltip. */
    private static void error(Html html, String error, boolean past) {
        if (error == null) {
            html.markup("<td></td>");
            return;
        }
        String shown = error.length() <= ERROR_SHOWN ? error : error.substring(0, ERROR_SHOWN) + "…";
        html.markup("<td class=\"error" + (past ? " past" : "") + "\" title=\"").text(error).markup("\">").text(shown).markup("</td>");
    }

    /** A POST form of one button, carrying the session's form token and {@code fields} (already escaped markup). */
    private static void postForm(Html html, String action, String formToken, String fields, String label, String cssClass) {
        html.markup("<form method=\"post\" action=\"" + action + "\" class=\"inline\">")
                .markup("<input type=\"hidden\" name=\"" + FORM_TOKEN + "\" value=\"").text(formToken).markup("\">")
                .markup(fields)
                .markup("<button type=\"submit\"" + (cssClass == null ? "" : " class=\"" + cssClass + "\"") + ">")
                .text(label).markup("</button></form>");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
    }

    /** A status or state as a coloured label; the texts are the service's own enum names, escaped all the same. */
    private static String badge(String status) {
        String tone = switch (status == null ? "" : status) {
            case "DONE", "BOUND" -> "ok";
            case "PARKED", "FAILED" -> "bad";
            case "PENDING", "NO_SIGNER" -> "warn";
            case "PROCESSING" -> "info";
            default -> "plain";
        };
        return "<span class=\"badge " + tone + "\">" + Html.escape(String.valueOf(status)) + "</span>";
    }

    private static String count(int shown, int limit, Long deal) {
        if (deal != null) {
            return "deal " + deal;
        }
        return shown >= limit ? "the latest " + limit + " shown" : shown + " in all";
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + " h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return millis + " ms";
    }

    private Html start(String title) {
        return new Html(redact).markup("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\"><title>").text(title)
                .markup(" · dealsign-sync</title><style>" + CSS + "</style></head><body>");
    }

    private static String end(Html html) {
        return html.markup("</body></html>").toString();
    }

    private static final String CSS = """
            :root{--fg:#1d2330;--muted:#667085;--line:#e4e7ec;--bg:#f6f7f9;--card:#fff;--ok:#067647;--okbg:#dcfae6;\
            --bad:#b42318;--badbg:#fee4e2;--warn:#93370d;--warnbg:#fef0c7;--info:#175cd3;--infobg:#d1e9ff;--accent:#3538cd}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
            header{display:flex;justify-content:space-between;align-items:center;padding:12px 24px;background:#101828;color:#fff}
            header h1{margin:0;font-size:18px;font-weight:600}header h1 span{font-weight:400;color:#98a2b3}
            header .bar{display:flex;gap:16px;align-items:center}header .muted{color:#98a2b3}
            main{max-width:1440px;margin:0 auto;padding:16px 24px 40px}
            main.narrow{max-width:460px;padding-top:12vh}
            h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:24px 0 8px;display:flex;gap:10px;align-items:baseline}
            .card h2{margin-top:0}
            .count{font-size:12px;font-weight:400;color:var(--muted)}
            .cards{display:grid;grid-template-columns:minmax(180px,0.6fr) 1fr 1fr;gap:16px;align-items:start}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}dt{color:var(--muted)}dd{margin:0}
            dl.counts{grid-template-columns:1fr}dl.counts div{display:flex;justify-content:space-between;align-items:center}
            dl.counts dd{font-size:18px;font-variant-numeric:tabular-nums}
            .reason{color:var(--bad);font-size:13px;margin:4px 0}
            table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
            th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
            th{background:#f2f4f7;font-size:12px;font-weight:600;color:var(--muted);white-space:nowrap}
            tbody tr:nth-child(even){background:#fcfcfd}tbody tr:last-child td{border-bottom:0}
            td.id,td.num,td.time{font-variant-numeric:tabular-nums;white-space:nowrap}td.time{color:var(--muted)}
            td.wrap{max-width:340px;overflow-wrap:anywhere}
            td.error{color:var(--bad);max-width:420px;overflow-wrap:anywhere;font-size:13px}
            td.error.past{color:var(--muted)}
            td.action{text-align:right;white-space:nowrap}
            .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#f2f4f7;color:#344054}
            .badge.ok{background:var(--okbg);color:var(--ok)}.badge.bad{background:var(--badbg);color:var(--bad)}
            .badge.warn{background:var(--warnbg);color:var(--warn)}.badge.info{background:var(--infobg);color:var(--info)}
            .notice{padding:10px 14px;border-radius:8px;margin:0 0 16px;font-weight:500}
            .notice.ok{background:var(--okbg);color:var(--ok)}.notice.bad{background:var(--badbg);color:var(--bad)}
            .muted{color:var(--muted)}.empty{background:var(--card);border:1px dashed var(--line);border-radius:8px;padding:12px 14px;margin:0}
            form.inline{display:inline;margin:0}
            form.search{display:flex;gap:8px;align-items:center;margin:0 0 10px}
            form.stack{display:flex;flex-direction:column;gap:8px}
            input{font:inherit;padding:6px 10px;border:1px solid #d0d5dd;border-radius:6px}form.search input{width:140px}
            button{font:inherit;font-weight:600;padding:5px 12px;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
            button:hover{filter:brightness(1.1)}
            button.quiet{background:transparent;border-color:#475467;color:#fff}
            a{color:var(--accent)}code{font-size:12px}
            """;
}
