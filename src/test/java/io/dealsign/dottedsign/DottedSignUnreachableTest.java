package io.dealsign.dottedsign;

import io.dealsign.testing.CapturedLogs;
import io.dealsign.testing.RunningService;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nothing listens where DottedSign should be: retried a few times, then a retryable failure. */
class DottedSignUnreachableTest {

    private static RunningService service;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() {
        service = RunningService.builder()
                .property("dottedsign.base-url", "http://127.0.0.1:" + AvailablePortFinder.getNextAvailable())
                .property("dottedsign.client-id", "id")
                .property("dottedsign.client-secret", "secret")
                .property("dottedsign.template-id", "1")
                .property("dottedsign.retry.max-retries", "2")
                .property("dottedsign.retry.initial-delay", "10")
                .property("dottedsign.retry.max-delay", "50")
                .start();
        template = service.camelContext().createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        template.close();
        service.close();
    }

    private static Throwable failureOf(String endpoint, Object body) {
        try {
            template.requestBody(endpoint, body);
            throw new AssertionError("the call succeeded");
        } catch (CamelExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void should_retry_a_refused_connection_then_fail_as_unavailable_and_surely_not_carried_out() {
        try (CapturedLogs logs = new CapturedLogs()) {
            Instant before = Instant.now();

            Throwable failure = failureOf(DottedSignApi.READ_TASK, 5L);

            assertThat(failure).isInstanceOfSatisfying(DottedSignUnavailable.class, unavailable -> {
                assertThat(unavailable.mayHaveBeenProcessed()).isFalse();
                assertThat(unavailable.getMessage()).contains("task 5").contains("access token");
            });
            assertThat(logs.lines()).filteredOn(line -> line.contains("retry ")).hasSize(2);
            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void should_retry_a_create_that_never_left_for_want_of_a_token_and_not_look_for_a_created_task() {
        try (CapturedLogs logs = new CapturedLogs()) {
            Throwable failure = failureOf(DottedSignApi.CREATE_TASK, new NewTask("Contract", "Jane", "jane@example.com", 3));

            assertThatThrownBy(() -> {
                throw failure;
            }).isInstanceOfSatisfying(DottedSignUnavailable.class,
                    unavailable -> assertThat(unavailable.mayHaveBeenProcessed()).isFalse());
            assertThat(logs.lines()).filteredOn(line -> line.contains("POST /v1/sign_tasks") && line.contains("retry "))
                    .hasSize(2);
            assertThat(logs.lines()).noneMatch(line -> line.contains("/v1/sign_tasks/list"));
        }
    }
}
