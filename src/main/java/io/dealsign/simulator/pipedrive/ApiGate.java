package io.dealsign.simulator.pipedrive;

import io.dealsign.simulator.WindowRateLimit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What stands between a request and the API, in Pipedrive's order: Cloudflare (a token that kept
 * calling after 429s is blocked with an HTML 403), authentication (one API token, header or legacy
 * query parameter), the burst limit (N requests per 2-second window per token) and the company's
 * daily token budget (reset at midnight UTC, the simulated server's timezone). Free of HTTP types so
 * its rules read on their own; {@link PipedriveSimulator} turns a {@link Decision} into a response.
 */
final class ApiGate {

    /** Stands for "no burst limit": a window this large is never filled, and the headers stay truthful. */
    static final int UNLIMITED_BURST = 1_000_000;
    static final Duration DEFAULT_BURST_WINDOW = Duration.ofSeconds(2);
    static final Duration DEFAULT_CLOUDFLARE_BLOCK = Duration.ofMinutes(10);

    enum Verdict { ALLOWED, UNAUTHORIZED, BURST_LIMITED, BUDGET_SPENT, CLOUDFLARE_BLOCKED }

    /** The verdict and the headers that go with it, in the order they should be written. */
    record Decision(Verdict verdict, Map<String, String> headers) {
    }

    private final SimClock clock;
    private final WindowRateLimit burst;
    private final Map<ApiCall, Integer> costs = new EnumMap<>(ApiCall.class);
    private String apiToken;
    private boolean retryAfterHeader;
    private Long dailyBudget;            // null: unlimited
    private long dailyRemaining;
    private LocalDate budgetDay;
    private int cloudflareAfter429s;     // 0: never escalate
    private Duration cloudflareBlock = DEFAULT_CLOUDFLARE_BLOCK;
    private int consecutive429s;
    private Instant blockedUntil;

    ApiGate(SimClock clock, String apiToken) {
        this.clock = clock;
        this.apiToken = apiToken;
        this.burst = new WindowRateLimit(UNLIMITED_BURST, DEFAULT_BURST_WINDOW, clock);
        for (ApiCall call : ApiCall.values()) {
            costs.put(call, call.defaultCost());
        }
        this.budgetDay = today();
    }

    synchronized Decision admit(String presentedToken, ApiCall call) {
        Instant now = clock.instant();
        if (blockedUntil != null && presentedToken != null && presentedToken.equals(apiToken)) {
            if (now.isBefore(blockedUntil)) {
                return new Decision(Verdict.CLOUDFLARE_BLOCKED, Map.of());
            }
            blockedUntil = null;
            consecutive429s = 0;
        }
        if (presentedToken == null || !presentedToken.equals(apiToken)) {
            return new Decision(Verdict.UNAUTHORIZED, Map.of());
        }
        rollBudgetOverAtMidnight();
        WindowRateLimit.Verdict window = burst.acquire();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit", String.valueOf(window.limit()));
        headers.put("x-ratelimit-remaining", String.valueOf(window.remaining()));
        headers.put("x-ratelimit-reset", String.valueOf(window.resetSeconds()));
        if (!window.allowed()) {
            return refuse(Verdict.BURST_LIMITED, headers, window.resetSeconds(), now);
        }
        if (dailyBudget != null) {
            int cost = costs.get(call);
            headers.put("x-daily-ratelimit-token-limit", String.valueOf(dailyBudget));
            if (dailyRemaining < cost) {
                dailyRemaining = 0;
                headers.put("x-daily-ratelimit-token-remaining", "0");
                return refuse(Verdict.BUDGET_SPENT, headers, secondsUntilMidnight(now), now);
            }
            dailyRemaining -= cost;
            headers.put("x-daily-ratelimit-token-remaining", String.valueOf(dailyRemaining));
        }
        consecutive429s = 0;
        return new Decision(Verdict.ALLOWED, headers);
    }

    /**
     * A 429, unless the token has now had its fill of them: after {@code cloudflareAfter429s} in a row the
     * next request is blocked, and so is every later one until the block ends.
     */
    private Decision refuse(Verdict verdict, Map<String, String> headers, long retryAfterSeconds, Instant now) {
        if (cloudflareAfter429s > 0 && consecutive429s >= cloudflareAfter429s) {
            blockedUntil = now.plus(cloudflareBlock);
            return new Decision(Verdict.CLOUDFLARE_BLOCKED, Map.of());
        }
        consecutive429s++;
        if (retryAfterHeader) {
            headers.put("retry-after", String.valueOf(retryAfterSeconds));
        }
        return new Decision(verdict, headers);
    }

    private void rollBudgetOverAtMidnight() {
        LocalDate today = today();
        if (!today.equals(budgetDay)) {
            budgetDay = today;
            if (dailyBudget != null) {
                dailyRemaining = dailyBudget;
            }
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static long secondsUntilMidnight(Instant now) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Math.max(1, Duration.between(now, midnight).toSeconds());
    }

    // ---------------------------------------------------------------- settings

    synchronized void apiToken(String token) {
        this.apiToken = token;
    }

    synchronized String apiToken() {
        return apiToken;
    }

    synchronized void burst(int limit, Duration window) {
        burst.configure(limit <= 0 ? UNLIMITED_BURST : limit, window);
    }

    synchronized int burstLimit() {
        return burst.limit() == UNLIMITED_BURST ? 0 : burst.limit();
    }

    synchronized Duration burstWindow() {
        return burst.window();
    }

    /** Sets the daily budget and fills it; null means unlimited. */
    synchronized void dailyBudget(Long tokens) {
        this.dailyBudget = tokens;
        this.dailyRemaining = tokens == null ? 0 : tokens;
        this.budgetDay = today();
    }

    synchronized Long dailyBudget() {
        return dailyBudget;
    }

    synchronized void dailyRemaining(long tokens) {
        if (dailyBudget == null) {
            throw new IllegalStateException("set a daily budget before setting what remains of it");
        }
        this.dailyRemaining = Math.max(0, tokens);
    }

    synchronized Long dailyRemaining() {
        return dailyBudget == null ? null : dailyRemaining;
    }

    synchronized void cost(ApiCall call, int tokens) {
        costs.put(call, tokens);
    }

    synchronized int cost(ApiCall call) {
        return costs.get(call);
    }

    synchronized void retryAfterHeader(boolean on) {
        this.retryAfterHeader = on;
    }

    synchronized boolean retryAfterHeader() {
        return retryAfterHeader;
    }

    synchronized void cloudflare(int after429s, Duration block) {
        this.cloudflareAfter429s = Math.max(0, after429s);
        this.cloudflareBlock = block;
        this.consecutive429s = 0;
        this.blockedUntil = null;
    }

    synchronized int cloudflareAfter429s() {
        return cloudflareAfter429s;
    }

    synchronized Duration cloudflareBlock() {
        return cloudflareBlock;
    }

    synchronized boolean cloudflareBlocking() {
        return blockedUntil != null && clock.instant().isBefore(blockedUntil);
    }
}
