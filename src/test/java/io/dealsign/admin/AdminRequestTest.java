package io.dealsign.admin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminRequestTest {

    @Test
    void should_split_the_path_below_the_base_and_decode_the_query() {
        AdminRequest request = AdminRequest.of("GET", "/admin/api/events/", "status=PARKED&subject=deal%3A42&limit=");

        assertThat(request.isAdminPath()).isTrue();
        assertThat(request.segments()).containsExactly("events");
        assertThat(request.param("status")).isEqualTo("PARKED");
        assertThat(request.param("subject")).isEqualTo("deal:42");
        assertThat(request.param("limit")).as("empty is absent").isNull();
        assertThat(request.param("deal")).isNull();
    }

    @Test
    void should_not_take_a_path_that_only_starts_like_the_base_for_an_admin_path() {
        assertThat(AdminRequest.of("GET", "/admin/apievents", null).isAdminPath()).isFalse();
        assertThat(AdminRequest.of("GET", "/admin/api", null).segments()).isEmpty();
    }

    @Test
    void should_refuse_bad_encoding_repeated_and_unknown_parameters() {
        assertThatThrownBy(() -> AdminRequest.of("GET", "/admin/api/events", "status=%zz"))
                .isInstanceOf(AdminRequest.BadRequest.class).hasMessageContaining("URL encoding");
        AdminRequest twice = AdminRequest.of("GET", "/admin/api/events", "deal=1&deal=2");
        assertThatThrownBy(() -> twice.param("deal")).hasMessageContaining("once");
        AdminRequest typo = AdminRequest.of("GET", "/admin/api/events", "dael=1");
        assertThatThrownBy(() -> typo.onlyParams(List.of("deal"))).hasMessageContaining("unknown parameter 'dael'");
    }
}
