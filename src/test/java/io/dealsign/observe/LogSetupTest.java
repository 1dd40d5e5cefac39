package io.dealsign.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LogSetupTest {

    @Test
    void should_log_readable_lines_to_the_console_with_the_chatty_libraries_at_warn() {
        LoggerContext context = new LoggerContext();

        LogSetup.apply(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.camel").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.buffer").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.quartz").getEffectiveLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("CONSOLE");
        assertThat(console.isStarted()).isTrue();
        LogFormatEncoder encoder = (LogFormatEncoder) console.getEncoder();
        Logger logger = context.getLogger("io.dealsign.inbox.Inbox");
        String line = new String(encoder.encode(new LoggingEvent(Logger.FQCN, logger, Level.INFO, "deal {} stored",
                null, new Object[] {42})), StandardCharsets.UTF_8);
        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.{16}\\] Inbox {24}deal 42 stored\\R");
    }
}
