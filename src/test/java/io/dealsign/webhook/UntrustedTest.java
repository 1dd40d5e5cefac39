package io.dealsign.webhook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UntrustedTest {

    @Test
    void should_keep_ordinary_text_including_unicode() {
        assertThat(Untrusted.text("completed")).isEqualTo("completed");
        assertThat(Untrusted.text("Zürich 日本 😀")).isEqualTo("Zürich 日本 😀");
        assertThat(Untrusted.text(null)).isEmpty();
    }

    @Test
    void should_replace_characters_that_could_forge_or_hide_log_lines() {
        assertThat(Untrusted.text("a\r\nINFO fake\u2028\u0000\u001b[31m\u202e")).isEqualTo("a??INFO fake???[31m?");
        assertThat(Untrusted.text("\uD800x")).isEqualTo("?x");
    }

    @Test
    void should_cut_long_text_to_eighty_characters() {
        assertThat(Untrusted.text("x".repeat(10_000))).isEqualTo("x".repeat(80) + "...");
        assertThat(Untrusted.text("😀".repeat(100))).isEqualTo("😀".repeat(80) + "...");
    }
}
