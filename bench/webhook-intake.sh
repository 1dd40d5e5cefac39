#!/usr/bin/env bash
# How many Pipedrive webhooks per second the service takes in, and at what latency, next to the ceiling of its
# HTTP stack: a bench-only route in the same JVM that answers a constant. See bench/README.md.
#   bench/webhook-intake.sh [--duration SECONDS] [--warmup SECONDS] [--connections "1 16 64"]
# The table goes to stdout, progress to stderr. Extra JVM options: BENCH_JAVA_OPTS.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

duration=30
# The intake's throughput climbs for about 45 s while the JIT compiles (15 s slices: 1,490, 2,947, 5,084, 5,354,
# 5,614, 6,734 req/s; BENCHMARKS.md); a shorter warm-up measures the compiler, not the service.
warmup=60
connections="1 16 64"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --duration=*) duration="${1#*=}"; shift ;;
        --warmup) warmup="$2"; shift 2 ;;
        --warmup=*) warmup="${1#*=}"; shift ;;
        --connections) connections="$2"; shift 2 ;;
        --connections=*) connections="${1#*=}"; shift ;;
        -h|--help) sed -n 2,5p "$0"; exit 0 ;;
        *) echo "webhook-intake: unknown option $1" >&2; sed -n 2,5p "$0" >&2; exit 2 ;;
    esac
done

bench_init
bench_require_wrk
bench_build_jar

work="$BENCH_TMP/service"
mkdir -p "$work/routes"
# The product's routes plus one bench-only route: the ceiling. It takes the same POST and answers a constant,
# so the difference to the intake is the service's own work (checks, parsing, the inbox row, the answer).
cp "$BENCH_ROOT"/routes/*.camel.yaml "$work/routes/"
cat >"$work/routes/bench-ceiling.camel.yaml" <<'YAML'
- route:
    id: bench-ceiling
    from:
      uri: platform-http:/bench/ceiling
      steps:
        - removeHeaders:
            pattern: "*"
        - setHeader:
            name: Content-Type
            constant: application/json
        - setBody:
            constant: '{"status":"accepted"}'
YAML

port=$(bench_free_port)
database="$work/data/bench"
bench_progress "starting the service on port $port in $work"
bench_start_service "$work" "$port" \
    -Dsync.routes.dir="$work/routes" \
    -Dsync.datasource.url="jdbc:h2:file:$database;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE" \
    -Dpipedrive.api-token=bench-token \
    -Dsync.inbox.first-retry-delay=3600000 -Dsync.inbox.max-retry-delay=3600000 \
    -Dsync.poll.dottedsign.cron="0 0 0 1 1 ? 2099" -Dsync.poll.pipedrive.cron="0 0 0 1 1 ? 2099" \
    -Dsync.webhook-watchdog.cron="0 0 0 1 1 ? 2099"
healthy_ms=$(bench_wait_healthy "$port")
bench_progress "healthy after $healthy_ms ms"
sleep 2
idle_rss=$(bench_rss_mib "$BENCH_SERVICE_PID")

lua="$BENCH_ROOT/bench/pipedrive-create.lua"
accepted_total=0
rows=()

# run_wrk NAME PATH CONNECTIONS SECONDS: one wrk run; sets the globals w_* from its WRK_RESULT line.
run_wrk() {
    local name="$1" path="$2" c="$3" seconds="$4" threads out
    threads=$(( c < 2 ? 1 : 2 ))
    out=$(wrk -t"$threads" -c"$c" -d"${seconds}s" --timeout 10s -s "$lua" "http://127.0.0.1:$port$path" \
        -- "$BENCH_WEBHOOK_USER" "$BENCH_WEBHOOK_PASSWORD" 2>&1) || bench_fail "wrk failed: $out"
    local line
    line=$(grep '^WRK_RESULT' <<<"$out") || bench_fail "wrk printed no result: $out"
    eval "$(sed 's/^WRK_RESULT //; s/\([a-z_0-9]*\)=/w_\1=/g' <<<"$line")"
    # Every intake request wrk saw completed counts; a 2xx is a stored event.
    if [[ "$path" == /webhooks/* ]]; then
        accepted_total=$(( accepted_total + w_requests - w_non_2xx ))
    fi
    : "$name"
}

if (( warmup > 0 )); then
    bench_progress "warming up both routes for ${warmup} s each at 16 connections (not measured)"
    run_wrk warmup /bench/ceiling 16 "$warmup"
    run_wrk warmup /webhooks/pipedrive 16 "$warmup"
fi

declare -A rate
for c in $connections; do
    for target in ceiling intake; do
        path=$([[ $target == ceiling ]] && echo /bench/ceiling || echo /webhooks/pipedrive)
        load_before=$(bench_load)
        peak_file="$BENCH_TMP/peak-rss"
        echo 0 >"$peak_file"
        bench_sample_rss "$BENCH_SERVICE_PID" "$peak_file" &
        sampler=$!
        bench_progress "$target at $c connections for $duration s (load $load_before)"
        run_wrk "$target" "$path" "$c" "$duration"
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        load_after=$(bench_load)
        socket_errors=$(( w_errors_connect + w_errors_read + w_errors_write + w_errors_timeout ))
        rps=$(awk -v n="$w_requests" -v us="$w_duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
        rate["$target-$c"]=$rps
        rows+=("| $target | $c | $rps | $(awk -v v="$w_p50_us" 'BEGIN { printf "%.2f", v / 1000 }') | $(awk -v v="$w_p99_us" 'BEGIN { printf "%.2f", v / 1000 }') | $(awk -v v="$w_max_us" 'BEGIN { printf "%.0f", v / 1000 }') | $w_requests | $socket_errors | $w_non_2xx | $(cat "$peak_file") | $load_before → $load_after |")
        bench_progress "  $rps req/s, p50 $w_p50_us us, p99 $w_p99_us us, errors $socket_errors, non-2xx $w_non_2xx"
    done
done
peak_load=$(bench_load)

bench_progress "stopping the service and counting the inbox rows"
bench_stop_service
stored=$(bench_h2_query "jdbc:h2:file:$database" "SELECT COUNT(*) AS STORED FROM inbox_event WHERE source = 'pipedrive'" \
    | awk 'NR == 2 { print $1 }')
in_flight_allowance=0
for c in $connections 16; do in_flight_allowance=$(( in_flight_allowance + c )); done

{
    echo
    echo "## Webhook intake: Pipedrive v2 create-deal webhooks vs. a constant route, $duration s per run"
    echo
    echo "| Measure | Value |"
    echo "|---|---|"
    bench_machine_rows
    echo "| Load average (1 min) at the end | $peak_load |"
    echo "| Database | H2 file, WRITE_DELAY=0 (the service's default) |"
    echo "| APIs | both base URLs at 127.0.0.1:9, where nothing listens: the flows run as they would against the real APIs, at the pace of the Pipedrive throttle (8 calls/s), each call refused; an event's next attempt is 1 h later (after the run) |"
    echo "| Load generator | wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}'), same machine, ${warmup} s warm-up per route, $duration s per run, a new deal and event id per request |"
    echo "| Healthy after | $healthy_ms ms; RSS idle $idle_rss MiB |"
    echo
    echo "| Route | Connections | Requests/s | p50 ms | p99 ms | max ms | Requests | Socket errors | Non-2xx | Peak RSS MiB | Load avg |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "| Connections | Intake / ceiling |"
    echo "|---|---|"
    for c in $connections; do
        echo "| $c | $(awk -v a="${rate[intake-$c]}" -v b="${rate[ceiling-$c]}" 'BEGIN { printf "%.0f%%", 100 * a / b }') |"
    done
    echo
    verdict="nothing lost"
    if (( stored < accepted_total )); then
        verdict="LOST $(( accepted_total - stored )) acknowledged events"
    elif (( stored - accepted_total > in_flight_allowance )); then
        verdict="more rows than requests sent: check the bench"
    fi
    echo "| Inbox rows | wrk's 2xx answers (warm-up included) | Verdict |"
    echo "|---|---|---|"
    echo "| $stored | $accepted_total | $verdict (rows may exceed 2xx by the requests in flight when each wrk run stopped, at most $in_flight_allowance) |"
}
[[ "$verdict" == "nothing lost" ]]
