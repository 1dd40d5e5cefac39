package io.dealsign.polling;

import io.dealsign.simulator.pipedrive.Webhook;
import io.dealsign.testing.SyncWorld;
import io.dealsign.testing.SyncWorlds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.dealsign.polling.PollingRoutes.CHECK_PIPEDRIVE_WEBHOOK;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookWatchdogTest {

    private static final String PUBLIC_URL = "https://sync.example.com";

    @RegisterExtension
    final SyncWorlds worlds = new SyncWorlds();
    private SyncWorld world;

    private List<Webhook> ours() {
        return world.pipedrive.webhooks().stream()
                .filter(hook -> hook.subscriptionUrl().equals(PUBLIC_URL + "/webhooks/pipedrive")).toList();
    }

    @Test
    void should_create_the_missing_subscription_once_as_v2_with_the_basic_credentials_and_again_after_a_deletion() {
        world = worlds.start(Map.of("sync.public-url", PUBLIC_URL + "/"));

        assertThat((String) world.poll(CHECK_PIPEDRIVE_WEBHOOK)).startsWith("created");
        assertThat((String) world.poll(CHECK_PIPEDRIVE_WEBHOOK)).startsWith("present");

        assertThat(ours()).singleElement().satisfies(hook -> {
            assertThat(hook.version()).isEqualTo("2.0");
            assertThat(hook.eventAction()).isEqualTo("*");
            assertThat(hook.eventObject()).isEqualTo("deal");
            assertThat(hook.httpAuthUser()).isEqualTo(SyncWorld.WEBHOOK_USER);
        });
        String created = world.pipedrive.requests().calls("POST", "/api/v1/webhooks").get(0).bodyAsString();
        assertThat(created).contains("\"version\":\"2.0\"").contains("\"http_auth_password\":\"" + SyncWorld.WEBHOOK_PASSWORD + "\"");

        world.pipedrive.unsubscribe(ours().get(0).id());
        assertThat((String) world.poll(CHECK_PIPEDRIVE_WEBHOOK)).startsWith("created");
        assertThat(ours()).hasSize(1);
    }

    @Test
    void should_only_say_what_it_would_do_without_a_public_url() {
        world = worlds.start(Map.of());
        int before = world.pipedrive.webhooks().size();

        assertThat((String) world.poll(CHECK_PIPEDRIVE_WEBHOOK)).startsWith("skipped");

        assertThat(world.pipedrive.webhooks()).hasSize(before);
        assertThat(world.pipedrive.requests().calls("GET", "/api/v1/webhooks")).isEmpty();
    }
}
