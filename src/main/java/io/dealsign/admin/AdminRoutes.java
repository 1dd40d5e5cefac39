package io.dealsign.admin;

import io.dealsign.binding.Bindings;
import io.dealsign.database.DatabaseConfiguration;
import io.dealsign.dottedsign.DottedSignClientSettings;
import io.dealsign.dottedsign.DottedSignConfiguration;
import io.dealsign.inbox.Inbox;
import io.dealsign.pipedrive.PipedriveBudget;
import io.dealsign.pipedrive.PipedriveConfiguration;
import io.dealsign.pipedrive.PipedriveLimits;
import io.dealsign.polling.Watermarks;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * The operators' admin API under {@value AdminRequest#BASE}, on the service's one HTTP port: list and
 * replay inbox events, look up bindings, see the inbox, pollers and Pipedrive budget at a glance, run
 * a poll cycle, and resume Pipedrive calls after a pause. Every request needs
 * {@code Authorization: Bearer <sync.admin.token>}; a missing or wrong token is answered 401 with
 * {@code WWW-Authenticate: Bearer}.
 *
 * <p>Without a configured token the admin API is off, and every admin path answers 403 with the
 * setting that turns it on. 403 rather than 404: the paths are public knowledge (this is open source),
 * so hiding them protects nothing, while an operator who gets 404 checks the URL, the port and the
 * proxy before suspecting a setting; and not 401, because no credential could succeed.
 *
 * <p>The same operations have a page for browsers at {@value AdminPage#PATH}, behind the same token
 * (see {@link AdminPageRequests} for its sign-in and forms).
 */
public class AdminRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
    private static final String REALM = "Bearer realm=\"dealsign-sync admin\"";
    /** Settings whose values never appear in an answer (see {@link AnswerWriter}). */
    private static final List<String> SECRET_SETTINGS = List.of(AdminToken.SETTING, "pipedrive.api-token",
            "pipedrive.webhook.username", "pipedrive.webhook.password", "dottedsign.client-secret", "sync.datasource.password");

    @Override
    public void configure() {
        PropertiesComponent properties = getCamelContext().getPropertiesComponent();
        AdminToken token = new AdminToken(properties.resolveProperty(AdminToken.SETTING).orElse(""));
        AnswerWriter writer = new AnswerWriter(SECRET_SETTINGS.stream()
                .map(key -> properties.resolveProperty(key).orElse(null)).toList());
        Registry registry = getCamelContext().getRegistry();
        AdminOperations operations = new AdminOperations(
                registry.lookupByNameAndType(DatabaseConfiguration.INBOX, Inbox.class),
                registry.lookupByNameAndType(DatabaseConfiguration.BINDINGS, Bindings.class),
                registry.lookupByNameAndType(DatabaseConfiguration.WATERMARKS, Watermarks.class),
                registry.lookupByNameAndType(PipedriveBudget.BEAN, PipedriveBudget.class),
                getCamelContext().createProducerTemplate());
        AdminEndpoints endpoints = new AdminEndpoints(operations);
        AdminPageRequests page = new AdminPageRequests(token, new AdminSessions(Clock.systemUTC()), operations,
                new AdminPage(writer::redactText),
                registry.lookupByNameAndType(PipedriveConfiguration.LIMITS, PipedriveLimits.class),
                registry.lookupByNameAndType(DottedSignConfiguration.CLIENT_SETTINGS, DottedSignClientSettings.class),
                Clock.systemUTC());
        logWhetherOn(token);

        onException(Exception.class)
                .handled(true)
                .process(e -> {
                    Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    LOG.error("Admin request failed, answered 500: {}", cause.toString());
                    writer.write(e, AdminAnswer.error(500, "the admin request failed; the service log says why"));
                });

        from("platform-http:" + AdminRequest.BASE + "?matchOnUriPrefix=true&populateBodyWithForm=false")
                .routeId("admin-api")
                .description("The operators' admin API: events, replay, bindings, status, polls, Pipedrive resume")
                .process(e -> writer.write(e, answer(e, token, endpoints)));

        // The admin page: server-rendered HTML for browsers, on the same operations (see AdminPageRequests).
        pageRoute(AdminPage.PATH, "GET", "admin-page", "The operators' admin page", page::overview);
        pageRoute(AdminPage.SIGN_IN, "POST", "admin-page-sign-in", "Admin page: sign in with the admin token", page::signIn);
        pageRoute(AdminPage.SIGN_OUT, "POST", "admin-page-sign-out", "Admin page: sign out", page::signOut);
        pageRoute(AdminPage.REPLAY, "POST", "admin-page-replay", "Admin page: replay a parked event", page::replay);
        pageRoute(AdminPage.POLL, "POST", "admin-page-poll", "Admin page: run a poll cycle now", page::poll);
        pageRoute(AdminPage.RESUME_PIPEDRIVE, "POST", "admin-page-resume-pipedrive", "Admin page: resume Pipedrive calls",
                page::resumePipedrive);
    }

    private void pageRoute(String path, String method, String routeId, String description, Processor handler) {
        from("platform-http:" + path + "?httpMethodRestrict=" + method + "&populateBodyWithForm=false")
                .routeId(routeId)
                .description(description)
                .process(handler);
    }

    private static AdminAnswer answer(Exchange exchange, AdminToken token, AdminEndpoints endpoints) {
        HttpServerRequest http = exchange.getIn(HttpMessage.class).getRequest();
        if (!token.isConfigured()) {
            return AdminAnswer.error(403, "the admin API is off: set " + AdminToken.SETTING + " (environment variable "
                    + AdminToken.ENVIRONMENT_VARIABLE + ") to a long random value and restart the service to turn it on");
        }
        switch (token.check(http.headers().getAll("Authorization"))) {
            case MISSING -> {
                LOG.warn("Admin request refused: no Bearer token ({} {} from {})", http.method(), http.path(), http.remoteAddress());
                return AdminAnswer.error(401, "send Authorization: Bearer <" + AdminToken.SETTING + ">")
                        .withHeader("WWW-Authenticate", REALM);
            }
            case WRONG -> {
                LOG.warn("Admin request refused: wrong token ({} {} from {})", http.method(), http.path(), http.remoteAddress());
                return AdminAnswer.error(401, "the token is not valid")
                        .withHeader("WWW-Authenticate", REALM + ", error=\"invalid_token\"");
            }
            case ACCEPTED -> { }
        }
        AdminRequest request;
        try {
            request = AdminRequest.of(http.method().name(), http.path(), http.query());
        } catch (AdminRequest.BadRequest bad) {
            return AdminAnswer.error(400, bad.getMessage());
        }
        return endpoints.answer(request);
    }

    private static void logWhetherOn(AdminToken token) {
        if (!token.isConfigured()) {
            LOG.info("Admin API off: {} is not set (environment variable {}); {}/* answers 403 until it is",
                    AdminToken.SETTING, AdminToken.ENVIRONMENT_VARIABLE, AdminRequest.BASE);
            return;
        }
        LOG.info("Admin API on at {} (Authorization: Bearer <{}>), admin page at {}", AdminRequest.BASE, AdminToken.SETTING,
                AdminPage.PATH);
        if (token.isShort()) {
            LOG.warn("{} is shorter than {} characters: use a long random value, e.g. `openssl rand -hex 32`",
                    AdminToken.SETTING, AdminToken.RECOMMENDED_LENGTH);
        }
    }
}
