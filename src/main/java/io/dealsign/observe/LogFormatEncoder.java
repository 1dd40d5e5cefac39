package io.dealsign.observe;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The log format, chosen at start-up: {@code text} (the default: one readable line per event, by
 * {@link #setPattern pattern}) or {@code json} (one JSON object per line, for log shippers, by logback's
 * {@link JsonEncoder}). Logback starts before Camel reads application.properties, so the choice is the
 * system property {@value #PROPERTY} ({@code -Dlog.format=json}), else the environment variable
 * {@value #ENVIRONMENT} ({@code LOG_FORMAT=json}). An unknown value logs as text and says so on stderr,
 * rather than losing every log line to an appender that does not exist.
 *
 * <p>A JSON line has {@code timestamp}, {@code level}, {@code threadName}, {@code loggerName}, {@code mdc}
 * (with {@code dealId}, {@code taskId}, {@code eventId}, {@code eventKind} while a flow runs, and Camel's
 * {@code camel.routeId}, {@code camel.exchangeId}, ...), {@code formattedMessage} and {@code throwable}.
 */
public class LogFormatEncoder extends EncoderBase<ILoggingEvent> {

    public static final String PROPERTY = "log.format";
    public static final String ENVIRONMENT = "LOG_FORMAT";

    public enum Format { TEXT, JSON }

    private String pattern;
    private Format format;
    private Encoder<ILoggingEvent> delegate;

    public LogFormatEncoder() {
    }

    /** An encoder of this format, whatever the system property and the environment say. */
    public LogFormatEncoder(Format format) {
        this.format = format;
    }

    /** The text format's layout pattern. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    /** The format the settings choose; {@code unknown} is told the value that is not one. */
    static Format chosen(UnaryOperator<String> systemProperty, UnaryOperator<String> environment,
                         java.util.function.Consumer<String> unknown) {
        String value = systemProperty.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            value = environment.apply(ENVIRONMENT);
        }
        if (value == null || value.isBlank()) {
            return Format.TEXT;
        }
        try {
            return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notAFormat) {
            unknown.accept(value);
            return Format.TEXT;
        }
    }

    @Override
    public void start() {
        if (format == null) {
            format = chosen(System::getProperty, System::getenv, value -> System.err.println("Log format '" + value
                    + "' (" + PROPERTY + " or " + ENVIRONMENT + ") is neither text nor json: logging as text"));
        }
        delegate = format == Format.JSON ? json() : text();
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    private Encoder<ILoggingEvent> json() {
        JsonEncoder json = new JsonEncoder();
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        // formattedMessage says it once; the template and its arguments would repeat it
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        return json;
    }

    private Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setPattern(pattern == null ? "%d %-5level %logger{0} %msg%n" : pattern);
        return text;
    }

    public Format format() {
        return format;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }
}
