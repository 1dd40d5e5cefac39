package io.dealsign.simulator.pipedrive;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipedriveAuthTest extends SimulatorTestSupport {

    @Test
    void token_in_the_x_api_token_header_is_accepted() {
        long id = sim.createDeal("Acme", null).id();

        ApiClient.Reply reply = api.get("/api/v2/deals/" + id);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getBoolean("success")).isTrue();
    }

    @Test
    void token_in_the_legacy_api_token_query_parameter_is_accepted() {
        long id = sim.createDeal("Acme", null).id();

        ApiClient.Reply reply = api.withToken(null).get("/api/v2/deals/" + id + "?api_token=" + TOKEN);

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void missing_token_gets_the_gateway_401_shape() {
        ApiClient.Reply reply = api.withToken(null).get("/api/v2/deals/1");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json()).isEqualTo(new JsonObject().put("success", false).put("error", "unauthorized access")
                .put("errorCode", 401).put("error_info", "Please check developers.pipedrive.com"));
    }

    @Test
    void wrong_token_gets_401_even_on_paths_that_do_not_exist() {
        assertThat(api.withToken("stolen").get("/api/v2/deals/1").status()).isEqualTo(401);
        assertThat(api.withToken("stolen").get("/api/v2/nothing-here").status()).isEqualTo(401);
        assertThat(api.withToken(null).get("/api/v2/deals/1?api_token=stolen").status()).isEqualTo(401);
    }

    @Test
    void a_regenerated_token_replaces_the_old_one_while_running() {
        sim.apiToken("regenerated");

        assertThat(api.get("/api/v1/webhooks").status()).isEqualTo(401);
        assertThat(api.withToken("regenerated").get("/api/v1/webhooks").status()).isEqualTo(200);
    }

    @Test
    void unknown_api_path_is_a_json_404_once_authenticated() {
        ApiClient.Reply reply = api.get("/api/v2/organizations/1");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().getBoolean("success")).isFalse();
        assertThat(reply.json().getString("error_info")).isEqualTo("Please check developers.pipedrive.com");
    }
}
