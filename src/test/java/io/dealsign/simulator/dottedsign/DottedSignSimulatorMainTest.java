package io.dealsign.simulator.dottedsign;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DottedSignSimulatorMainTest {

    @Test
    void should_configure_the_simulator_from_command_line_options() {
        String[] args = {"--port=0", "--client-id=demo", "--client-secret=s3cret", "--webhook-url=http://127.0.0.1:8080/webhooks/dottedsign",
                "--rate-limit=10/1s", "--retry-after=false", "--signature-mode=base64", "--token-lifetime=60",
                "--template-ids=1,2", "--monthly-task-quota=20"};

        DottedSignSimulator sim = DottedSignSimulatorMain.configure(new DottedSignSimulator(), DottedSignSimulatorMain.options(args));
        try {
            assertThat(sim.clientId()).isEqualTo("demo");
            assertThat(sim.clientSecret()).isEqualTo("s3cret");
            assertThat(sim.webhookUrl()).isEqualTo("http://127.0.0.1:8080/webhooks/dottedsign");
            assertThat(sim.rateLimit().limit()).isEqualTo(10);
            assertThat(sim.rateLimit().window()).isEqualTo(Duration.ofSeconds(1));
            assertThat(sim.retryAfterHeader()).isFalse();
            assertThat(sim.signatureMode()).isEqualTo(SignatureMode.BASE64);
            assertThat(sim.tokenLifetime()).isEqualTo(Duration.ofSeconds(60));
            assertThat(sim.acceptedTemplateIds()).contains(Set.of(1L, 2L));
            assertThat(sim.monthlyTaskQuota()).contains(20);
        } finally {
            sim.close();
        }
    }

    @Test
    void should_refuse_malformed_and_unknown_options() {
        assertThatThrownBy(() -> DottedSignSimulatorMain.options(new String[]{"-port=1"})).hasMessageContaining("--name=value");
        assertThatThrownBy(() -> DottedSignSimulatorMain.options(new String[]{"--prot=1"})).hasMessageContaining("unknown option");
    }

    @Test
    void should_read_rate_limit_shorthands() {
        assertThat(RateLimitSpec.parse("10/1s")).isEqualTo(new RateLimitSpec(10, Duration.ofSeconds(1)));
        assertThat(RateLimitSpec.parse("600/1m")).isEqualTo(new RateLimitSpec(600, Duration.ofMinutes(1)));
        assertThat(RateLimitSpec.parse("5/500ms")).isEqualTo(new RateLimitSpec(5, Duration.ofMillis(500)));
        assertThat(RateLimitSpec.parse("off").limit()).isZero();
        assertThatThrownBy(() -> RateLimitSpec.parse("10 per second")).isInstanceOf(IllegalArgumentException.class);
    }
}
