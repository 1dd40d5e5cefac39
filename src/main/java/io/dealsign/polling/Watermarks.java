package io.dealsign.polling;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The poll_watermark table: how far each poller has read. */
public class Watermarks {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Watermarks(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** The poller's watermark; on a first start, now minus {@code firstLookBack}. */
    public Instant current(String poller, Duration firstLookBack) {
        return stored(poller).orElseGet(() -> clock.instant().minus(firstLookBack));
    }

    public Optional<Instant> stored(String poller) {
        return jdbc.query("SELECT watermark FROM poll_watermark WHERE poller = ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), poller).stream().findFirst();
    }

    public Optional<String> lastResult(String poller) {
        return jdbc.query("SELECT last_result FROM poll_watermark WHERE poller = ?",
                (rs, row) -> rs.getString(1), poller).stream().findFirst();
    }

    /** When the poller last finished a cycle. */
    public Optional<Instant> lastRunAt(String poller) {
        return jdbc.query("SELECT last_run_at FROM poll_watermark WHERE poller = ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), poller).stream().findFirst();
    }

    /** Records a finished cycle; the watermark never moves backwards. */
    public void advance(String poller, Instant watermark, String result) {
        Timestamp now = Timestamp.from(clock.instant());
        Instant kept = stored(poller).filter(previous -> previous.isAfter(watermark)).orElse(watermark);
        int updated = jdbc.update("UPDATE poll_watermark SET watermark = ?, last_run_at = ?, last_result = ? WHERE poller = ?",
                Timestamp.from(kept), now, result, poller);
        if (updated == 0) {
            jdbc.update("INSERT INTO poll_watermark (poller, watermark, last_run_at, last_result) VALUES (?, ?, ?, ?)",
                    poller, Timestamp.from(kept), now, result);
        }
    }
}
