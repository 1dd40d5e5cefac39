package io.dealsign.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Map;

/**
 * The service's logging, set up in code at the JVM's start (logback finds this class as a service): one
 * line per event on the console, readable text by default or JSON for log shippers with
 * {@code LOG_FORMAT=json} or {@code -Dlog.format=json} (see {@link LogFormatEncoder}); Camel and Flyway at
 * INFO, the chattier libraries at WARN. In code rather than in a logback.xml because logback's XML
 * configurator loads an XML parser and its own model, some 450 classes: 0.1 to 0.2 s of every start.
 *
 * <p>An operator's own file still wins: with {@code -Dlogback.configurationFile=...} set (or a
 * logback-test.xml on the classpath, in tests) this class does nothing and logback reads that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public class LogSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%-16.16thread] %-28.28logger{0} %msg%n";
    static final Map<String, Level> LEVELS = Map.of(
            "org.apache.camel", Level.INFO,
            "org.flywaydb", Level.INFO,
            "com.zaxxer.hikari", Level.WARN,
            "io.netty", Level.WARN,
            "io.vertx", Level.WARN,
            "org.quartz", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void apply(LoggerContext context) {
        LogFormatEncoder encoder = new LogFormatEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();

        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
    }
}
