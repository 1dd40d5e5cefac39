package io.dealsign.admin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dealsign.admin.AdminToken.Verdict.ACCEPTED;
import static io.dealsign.admin.AdminToken.Verdict.MISSING;
import static io.dealsign.admin.AdminToken.Verdict.WRONG;
import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenTest {

    private final AdminToken token = new AdminToken("  s3cret-admin-token-of-good-length  ");

    @Test
    void should_accept_exactly_the_configured_token_as_a_bearer_token() {
        assertThat(token.check(List.of("Bearer s3cret-admin-token-of-good-length"))).isEqualTo(ACCEPTED);
        assertThat(token.check(List.of("bearer  s3cret-admin-token-of-good-length "))).isEqualTo(ACCEPTED);
        assertThat(token.check(List.of("Bearer s3cret-admin-token-of-good-lengt"))).isEqualTo(WRONG);
        assertThat(token.check(List.of("Bearer s3cret-admin-token-of-good-length2"))).isEqualTo(WRONG);
    }

    @Test
    void should_treat_no_header_or_another_scheme_as_missing_and_two_headers_as_wrong() {
        assertThat(token.check(List.of())).isEqualTo(MISSING);
        assertThat(token.check(null)).isEqualTo(MISSING);
        assertThat(token.check(List.of("Basic YWRtaW46YWRtaW4="))).isEqualTo(MISSING);
        assertThat(token.check(List.of("Bearer "))).isEqualTo(MISSING);
        assertThat(token.check(List.of("s3cret-admin-token-of-good-length"))).isEqualTo(MISSING);
        assertThat(token.check(List.of("Bearer s3cret-admin-token-of-good-length", "Bearer x"))).isEqualTo(WRONG);
    }

    @Test
    void should_be_off_without_a_token_and_accept_nothing() {
        AdminToken off = new AdminToken("   ");

        assertThat(off.isConfigured()).isFalse();
        assertThat(off.check(List.of("Bearer "))).isEqualTo(WRONG);
        assertThat(off.check(List.of("Bearer anything"))).isEqualTo(WRONG);
        assertThat(new AdminToken(null).isConfigured()).isFalse();
    }

    @Test
    void should_call_a_short_token_short_and_never_show_it() {
        assertThat(new AdminToken("short").isShort()).isTrue();
        assertThat(token.isShort()).isFalse();
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
