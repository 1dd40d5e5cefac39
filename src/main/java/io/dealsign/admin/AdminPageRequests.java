package io.dealsign.admin;

import io.dealsign.admin.AdminRequest.BadRequest;
import io.dealsign.admin.AdminSessions.Notice;
import io.dealsign.admin.AdminSessions.Session;
import io.dealsign.dottedsign.DottedSignClientSettings;
import io.dealsign.pipedrive.PipedriveLimits;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers the admin page's requests: {@code GET /admin} shows the overview (or the sign-in form), the
 * sign-in form posts the token, and every action (replay, poll, resume, sign-out) is a POST form that
 * must carry the session's form token, then redirects back with a notice saying what happened. The
 * actions are the admin API's own operations, so the page and the API always do the same thing.
 */
final class AdminPageRequests {

    private static final Logger LOG = LoggerFactory.getLogger(AdminPageRequests.class);
    static final String COOKIE = "dealsign_admin";
    /** No script may run on these pages, and no other site may frame them or receive their forms. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final AdminToken token;
    private final AdminSessions sessions;
    private final AdminOperations operations;
    private final AdminPage page;
    private final PipedriveLimits pipedriveLimits;
    private final DottedSignClientSettings dottedSignSettings;
    private final Clock clock;

    AdminPageRequests(AdminToken token, AdminSessions sessions, AdminOperations operations, AdminPage page,
                      PipedriveLimits pipedriveLimits, DottedSignClientSettings dottedSignSettings, Clock clock) {
        this.token = token;
        this.sessions = sessions;
        this.operations = operations;
        this.page = page;
        this.pipedriveLimits = pipedriveLimits;
        this.dottedSignSettings = dottedSignSettings;
        this.clock = clock;
    }

    // --- GET /admin -------------------------------------------------------------------------------------------

    void overview(Exchange exchange) {
        answer(exchange, http -> {
            Optional<Session> session = session(http);
            if (session.isEmpty()) {
                return Answer.html(200, page.signIn(null));
            }
            int status = 200;
            Notice notice = session.get().takeNotice();
            Long deal = null;
            try {
                deal = optionalDeal(AdminRequest.of("GET", http.path(), http.query()).param("deal"));
            } catch (BadRequest bad) {
                status = 400;
                notice = new Notice(bad.getMessage(), false);
            }
            return Answer.html(status,
                    page.overview(overview(deal, notice, session.get())));
        });
    }

    private AdminPage.Overview overview(Long deal, Notice notice, Session session) {
        return new AdminPage.Overview(operations.statusView(), pipedriveLimits, dottedSignSettings, deal,
                operations.bindingViews(deal, AdminPage.BINDINGS_SHOWN),
                operations.eventViews("PARKED", deal, AdminPage.PARKED_SHOWN),
                operations.eventViews(null, deal, AdminPage.RECENT_SHOWN), notice, session.formToken(), clock.instant());
    }

    // --- sign-in and sign-out ---------------------------------------------------------------------------------

    void signIn(Exchange exchange) {
        answer(exchange, http -> {
            String given = form(http).param("token");
            if (!token.matches(given)) {
                LOG.warn("Admin page sign-in refused: {} ({})", given == null ? "no token" : "wrong token", http.remoteAddress());
                return Answer.html(401, page.signIn(given == null ? "Enter the admin token." : "That token is not valid."));
            }
            Session session = sessions.signIn();
            LOG.info("Admin page: an operator signed in ({})", http.remoteAddress());
            return Answer.redirect(AdminPage.PATH).withHeader("Set-Cookie", COOKIE + "=" + session.id() + cookieAttributes(http));
        });
    }

    void signOut(Exchange exchange) {
        action(exchange, (session, form) -> {
            sessions.signOut(session);
            return Answer.redirect(AdminPage.PATH).withHeader("Set-Cookie", COOKIE + "=; Max-Age=0" + cookieAttributes(null));
        });
    }

    // --- actions ------------------------------------------------------------------------------------------------

    void replay(Exchange exchange) {
        action(exchange, (session, form) -> {
            Long deal = optionalDeal(form.param("deal"));
            String event = form.param("event");
            session.notice(notice(operations.replayEvent(event == null ? "" : event)));
            return Answer.redirect(AdminPage.PATH + (deal == null ? "" : "?deal=" + deal));
        });
    }

    void poll(Exchange exchange) {
        action(exchange, (session, form) -> {
            String poller = form.param("poller");
            session.notice(notice(operations.poll(poller == null ? "" : poller)));
            return Answer.redirect(AdminPage.PATH);
        });
    }

    void resumePipedrive(Exchange exchange) {
        action(exchange, (session, form) -> {
            session.notice(notice(operations.resumePipedrive()));
            return Answer.redirect(AdminPage.PATH);
        });
    }

    // --- how every request is answered ---------------------------------------------------------------------------

    private interface Action {
        Answer run(Session session, AdminRequest form);
    }

    /** A state-changing form: a live session and its form token, else refused with nothing done. */
    private void action(Exchange exchange, Action action) {
        answer(exchange, http -> {
            Optional<Session> session = session(http);
            if (session.isEmpty()) {
                return Answer.html(401, page.signIn("Your session has ended: sign in again."));
            }
            AdminRequest form = form(http);
            if (!session.get().isOwnForm(form.param(AdminPage.FORM_TOKEN))) {
                LOG.warn("Admin page form refused: {} without this session's form token ({})", http.path(), http.remoteAddress());
                return Answer.html(403, page.problem("Form refused", "This form did not come from your admin page"
                        + " (its form token is missing or stale). Reload the admin page and try again."));
            }
            return action.run(session.get(), form);
        });
    }

    private void answer(Exchange exchange, Function<HttpServerRequest, Answer> handler) {
        HttpServerRequest http = exchange.getIn(HttpMessage.class).getRequest();
        Answer answer;
        if (!token.isConfigured()) {
            answer = Answer.html(403, page.off());
        } else {
            try {
                answer = handler.apply(http);
            } catch (BadRequest bad) {
                answer = Answer.html(400, page.problem("Bad request", bad.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("Admin page request {} {} failed, answered 500: {}", http.method(), http.path(), e.toString());
                answer = Answer.html(500, page.problem("Something failed", "The request failed; the service log says why."));
            }
        }
        write(exchange.getMessage(), answer);
    }

    private Optional<Session> session(HttpServerRequest http) {
        Cookie cookie = http.getCookie(COOKIE);
        return cookie == null ? Optional.empty() : sessions.find(cookie.getValue());
    }

    /** The URL-encoded form in the body, which Vert.x has parsed (Camel leaves the body empty for forms). */
    private static AdminRequest form(HttpServerRequest http) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        http.formAttributes().names().forEach(name -> fields.put(name, http.formAttributes().getAll(name)));
        return new AdminRequest(http.method().name(), http.path(), List.of(), fields);
    }

    private static Long optionalDeal(String text) {
        return text == null ? null : AdminOperations.id(text, "deal id");
    }

    /** What an operation's answer says, as a notice: its message, or its error. */
    private static Notice notice(AdminAnswer answer) {
        boolean ok = answer.status() < 400;
        Object body = answer.body();
        String text;
        if (body instanceof AdminViews.EventReplay replay) {
            text = replay.message();
        } else if (body instanceof AdminViews.PollRun run) {
            text = "Poll cycle done: " + run.summary();
        } else if (body instanceof AdminViews.Resume resume) {
            text = resume.message();
        } else if (body instanceof Map<?, ?> map && map.get("error") != null) {
            text = String.valueOf(map.get("error"));
        } else {
            text = ok ? "Done." : "Refused (" + answer.status() + ").";
        }
        return new Notice(text, ok);
    }

    private static String cookieAttributes(HttpServerRequest http) {
        boolean https = http != null && (http.isSSL() || "https".equalsIgnoreCase(http.getHeader("X-Forwarded-Proto")));
        return "; Path=" + AdminPage.PATH + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
    }

    private static void write(Message message, Answer answer) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader("Cache-Control", "no-store");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("X-Frame-Options", "DENY");
        answer.headers().forEach(message::setHeader);
        if (answer.html() == null) {
            message.setBody("");
            return;
        }
        message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        message.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        message.setBody(answer.html());
    }

    /** A page, or a redirect (303, so that the browser follows with a GET and a reload posts nothing again). */
    private record Answer(int status, String html, Map<String, String> headers) {

        static Answer html(int status, String html) {
            return new Answer(status, html, Map.of());
        }

        static Answer redirect(String location) {
            return new Answer(303, null, Map.of("Location", location));
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, html, Map.copyOf(more));
        }
    }
}
