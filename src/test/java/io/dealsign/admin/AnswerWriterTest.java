package io.dealsign.admin;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerWriterTest {

    @Test
    void should_redact_every_configured_secret_wherever_it_appears_in_an_answer() {
        AnswerWriter writer = new AnswerWriter(Arrays.asList("pd-api-token-123", "quote\"and\\slash", null, "sa", ""));

        String body = writer.redact(io.dealsign.json.Json.write(Map.of(
                "last_error", "GET /x?api_token=pd-api-token-123 failed",
                "reason", "secret quote\"and\\slash here",
                "user", "sa")));

        assertThat(body).doesNotContain("pd-api-token-123").doesNotContain("quote")
                .contains("api_token=[redacted] failed").contains("secret [redacted] here")
                .as("values too short to be secrets are left alone").contains("\"user\":\"sa\"");
    }
}
