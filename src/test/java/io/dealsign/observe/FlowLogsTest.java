package io.dealsign.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.dealsign.json.Json;
import io.dealsign.simulator.dottedsign.Task;
import io.dealsign.simulator.pipedrive.Deal;
import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The business steps of a signed deal, each logged once, and the JSON log format with its id fields. */
class FlowLogsTest {

    private static final Duration FLOW = Duration.ofSeconds(30);

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    @Test
    void should_log_each_business_step_once_and_as_json_lines_carrying_the_deal_and_task_ids() throws Exception {
        ByteArrayOutputStream jsonOut = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> json = jsonAppender(jsonOut);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(json);
        long dealId;
        long taskId;
        List<String> lines;
        try (CapturedLogs logs = new CapturedLogs()) {
            world = worlds.start(Map.of());
            Deal deal = world.dealWithSigner("Logged rollout");
            dealId = deal.id();
            await().atMost(FLOW).until(() -> world.binding(deal.id()) != null && world.binding(deal.id()).hasTask());
            Task task = world.tasksOfDeal(deal.id()).get(0);
            taskId = task.taskId();
            world.dottedSign.sign(taskId);
            await().atMost(FLOW).until(() -> logs.lines().stream().filter(l -> l.contains("Attached '")).count() == 2);
            world.close();
            world = null;
            lines = logs.lines();
        } finally {
            root.detachAppender(json);
            json.stop();
        }

        assertThat(lines).filteredOn(l -> l.contains("Task " + taskId + " created for deal " + dealId + ": contract sent to Ada Signer"))
                .hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("Deal " + dealId + " marked won (task " + taskId + " completed by all signers)"))
                .hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("Attached 'Contract - Logged rollout (signed).pdf' to deal " + dealId))
                .hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("Attached 'Contract - Logged rollout (audit trail).pdf' to deal " + dealId))
                .hasSize(1);
        // the API layer does not repeat a step the flow states
        assertThat(lines).noneMatch(l -> l.contains("Created DottedSign task"));

        List<JsonNode> events = new ArrayList<>();
        for (String line : jsonOut.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                events.add(Json.MAPPER.readTree(line));
            }
        }
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.path("level").isTextual()).isTrue();
            assertThat(event.path("formattedMessage").isTextual()).isTrue();
        });
        JsonNode created = only(events, "Task " + taskId + " created for deal " + dealId);
        assertThat(created.path("mdc").path(FlowLogContext.DEAL_ID).asText()).isEqualTo(String.valueOf(dealId));
        assertThat(created.path("mdc").path(FlowLogContext.EVENT_KIND).asText()).isEqualTo("deal.added");
        assertThat(created.path("mdc").path("camel.routeId").asText()).isEqualTo("send-contract");
        JsonNode won = only(events, "Deal " + dealId + " marked won");
        assertThat(won.path("mdc").path(FlowLogContext.DEAL_ID).asText()).isEqualTo(String.valueOf(dealId));
        assertThat(won.path("mdc").path(FlowLogContext.TASK_ID).asText()).isEqualTo(String.valueOf(taskId));
        assertThat(won.path("mdc").path(FlowLogContext.EVENT_KIND).asText()).isEqualTo("task.completed");
        // outside a flow (the webhook intake), no stale ids
        JsonNode stored = events.stream().filter(e -> e.path("formattedMessage").asText().contains("webhook task.completed"))
                .findFirst().orElseThrow();
        assertThat(stored.path("mdc").has(FlowLogContext.DEAL_ID)).isFalse();

        String everything = jsonOut.toString(StandardCharsets.UTF_8);
        assertThat(everything).doesNotContain(SyncWorld.PIPEDRIVE_TOKEN, SyncWorld.CLIENT_SECRET, SyncWorld.WEBHOOK_PASSWORD);
    }

    private static JsonNode only(List<JsonNode> events, String messageStart) {
        List<JsonNode> matching = events.stream()
                .filter(e -> e.path("formattedMessage").asText().startsWith(messageStart))
                .toList();
        assertThat(matching).as("JSON lines starting with: %s", messageStart).hasSize(1);
        return matching.get(0);
    }

    private static OutputStreamAppender<ILoggingEvent> jsonAppender(ByteArrayOutputStream out) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogFormatEncoder encoder = new LogFormatEncoder(LogFormatEncoder.Format.JSON);
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        return appender;
    }
}
