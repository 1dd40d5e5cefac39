package io.dealsign.testing;

import io.dealsign.binding.Binding;
import io.dealsign.binding.Bindings;
import io.dealsign.simulator.dottedsign.DottedSignSimulator;
import io.dealsign.simulator.dottedsign.SignatureMode;
import io.dealsign.simulator.pipedrive.PipedriveSimulator;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both simulators and the service wired together as in production: Pipedrive's webhook subscription
 * and DottedSign's application webhook point at the service, with their credentials and signature.
 */
public final class SyncWorld implements AutoCloseable {

    public static final String PIPEDRIVE_TOKEN = "pd-token-for-tests";
    public static final String WEBHOOK_USER = "pd-hook";
    public static final String WEBHOOK_PASSWORD = "pd-hook-password";
    public static final String CLIENT_ID = "ds-client";
    public static final String CLIENT_SECRET = "ds-client-secret";
    public static final long TEMPLATE_ID = 501;
    /** A Quartz cron that does not fire while a test runs. */
    public static final String NEVER = "0 0 0 1 1 ? 2099";

    public final PipedriveSimulator pipedrive;
    public final DottedSignSimulator dottedSign;
    private final Path archive;
    private final Map<String, String> extraProperties;
    private final String databaseUrl;
    private RunningService service;

    private SyncWorld(Path workDirectory, Map<String, String> extraProperties) {
        this.archive = workDirectory.resolve("archive");
        this.databaseUrl = "jdbc:h2:file:" + workDirectory.resolve("db/sync").toAbsolutePath();
        this.extraProperties = extraProperties;
        this.pipedrive = new PipedriveSimulator(PIPEDRIVE_TOKEN).start();
        this.dottedSign = startDottedSign();
    }

    /** A started DottedSign simulator that knows this world's client, template and signature mode. */
    public static DottedSignSimulator startDottedSign() {
        DottedSignSimulator simulator = new DottedSignSimulator().clientCredentials(CLIENT_ID, CLIENT_SECRET)
                .acceptedTemplateIds(TEMPLATE_ID).signatureMode(SignatureMode.HEX);
        simulator.start(0);
        return simulator;
    }

    /** The settings that point a service at these two simulators, with this world's credentials. */
    public static Map<String, String> simulatorSettings(PipedriveSimulator pipedrive, DottedSignSimulator dottedSign) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pipedrive.base-url", pipedrive.baseUrl());
        settings.put("pipedrive.api-token", PIPEDRIVE_TOKEN);
        settings.put("pipedrive.webhook.username", WEBHOOK_USER);
        settings.put("pipedrive.webhook.password", WEBHOOK_PASSWORD);
        settings.put("dottedsign.base-url", dottedSign.baseUrl());
        settings.put("dottedsign.client-id", CLIENT_ID);
        settings.put("dottedsign.client-secret", CLIENT_SECRET);
        settings.put("dottedsign.template-id", String.valueOf(TEMPLATE_ID));
        settings.put("dottedsign.webhook.signature-mode", "hex");
        return settings;
    }

    /** Simulators and a started service; {@code properties} override the service's settings. */
    public static SyncWorld start(Path workDirectory, Map<String, String> properties) {
        SyncWorld world = new SyncWorld(workDirectory, properties);
        world.startService();
        return world;
    }

    /** Starts the service (again, after {@link #stopService()}) on the same database and archive. */
    public RunningService startService() {
        RunningService.Builder builder = RunningService.builder()
                .property("sync.datasource.url", databaseUrl)
                .property("sync.archive.dir", archive.toString())
                .property("sync.inbox.first-retry-delay", "200")
                .property("sync.inbox.sweep-interval", "200")
                // Tests run poll cycles themselves, when they need them.
                .property("sync.poll.dottedsign.cron", NEVER)
                .property("sync.poll.pipedrive.cron", NEVER);
        simulatorSettings(pipedrive, dottedSign).forEach(builder::property);
        extraProperties.forEach(builder::property);
        service = builder.start();
        pipedrive.webhooks().forEach(hook -> pipedrive.unsubscribe(hook.id()));
        pipedrive.subscribe(service.url("/webhooks/pipedrive"), "*", "2.0", WEBHOOK_USER, WEBHOOK_PASSWORD);
        dottedSign.webhookUrl(service.url("/webhooks/dottedsign"));
        return service;
    }

    public void stopService() {
        service.close();
    }

    public RunningService service() {
        return service;
    }

    public Path archive() {
        return archive;
    }

    /**
     * Does what a sales rep does while Pipedrive's webhook is down: the events it raises are dropped
     * (waited for, so none slips through once delivery is back on).
     */
    public <T> T withoutPipedriveWebhooks(java.util.function.Supplier<T> action) {
        int eventsBefore = pipedrive.events().size();
        pipedrive.webhookDelivery(false);
        try {
            T result = action.get();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    pipedrive.events().stream().skip(eventsBefore).allMatch(e -> !pipedrive.deliveriesOf(e.id()).isEmpty()));
            return result;
        } finally {
            pipedrive.webhookDelivery(true);
        }
    }

    /** A sales rep adds a deal whose contact person has an e-mail address. */
    public io.dealsign.simulator.pipedrive.Deal dealWithSigner(String title) {
        io.dealsign.simulator.pipedrive.Person person = pipedrive.createPerson("Ada Signer", "ada@example.com");
        return pipedrive.createDeal(io.dealsign.simulator.pipedrive.DealDraft.titled(title).withPerson(person.id()));
    }

    /** The DottedSign tasks (not discarded) whose metadata names this deal. */
    public java.util.List<io.dealsign.simulator.dottedsign.Task> tasksOfDeal(long dealId) {
        return dottedSign.tasks().stream()
                .filter(t -> !t.discarded() && String.valueOf(dealId).equals(t.metadata().get("pipedrive_deal_id")))
                .toList();
    }

    /** Runs one poll cycle now, as the cron would, and returns its summary. */
    public Object poll(String endpoint) {
        return service.camelContext().createProducerTemplate().requestBody(endpoint, (Object) null);
    }

    public Bindings bindings() {
        return service.camelContext().getRegistry().lookupByNameAndType("bindings", Bindings.class);
    }

    public Binding binding(long dealId) {
        return bindings().forDeal(dealId);
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            pipedrive.close();
            dottedSign.close();
        }
    }
}
