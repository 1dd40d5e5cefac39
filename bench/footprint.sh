#!/usr/bin/env bash
# The service's footprint: the jar's size, the time from `java -jar` to a healthy /observe/health (first start in an
# empty folder, then restarts on the same database), resident memory idle and under webhook load. See bench/README.md.
#   bench/footprint.sh [--starts N] [--warmup SECONDS] [--load-seconds SECONDS] [--quiet-seconds SECONDS]
# --warmup: webhooks before the measured load, so that it runs at the intake's steady rate (the JIT takes about
# 45 s to settle); the peak resident memory covers the warm-up too.
# --quiet-seconds: also the resident memory that long after the load (sync.memory.idle-heap-return gives the heap
# back 30 to 60 s after the last collection; 90 shows it).
# The table goes to stdout, progress to stderr. Extra JVM options: BENCH_JAVA_OPTS (the default is none: the JVM's defaults).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

starts=3
warmup=60
load_seconds=30
quiet_seconds=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --starts) starts="$2"; shift 2 ;;
        --starts=*) starts="${1#*=}"; shift ;;
        --warmup) warmup="$2"; shift 2 ;;
        --warmup=*) warmup="${1#*=}"; shift ;;
        --load-seconds) load_seconds="$2"; shift 2 ;;
        --load-seconds=*) load_seconds="${1#*=}"; shift ;;
        --quiet-seconds) quiet_seconds="$2"; shift 2 ;;
        --quiet-seconds=*) quiet_seconds="${1#*=}"; shift ;;
        -h|--help) sed -n 2,9p "$0"; exit 0 ;;
        *) echo "footprint: unknown option $1" >&2; sed -n 2,9p "$0" >&2; exit 2 ;;
    esac
done

bench_init
bench_require_wrk
bench_build_jar

work="$BENCH_TMP/service"
port=$(bench_free_port)
options=(-Dpipedrive.api-token=bench-token -Dsync.inbox.first-retry-delay=3600000 -Dsync.inbox.max-retry-delay=3600000)
start_rows=()
for i in $(seq 1 "$starts"); do
    load=$(bench_load)
    bench_start_service "$work" "$port" "${options[@]}"
    ms=$(bench_wait_healthy "$port")
    cpu=$(bench_cpu_ms "$BENCH_SERVICE_PID")
    what=$([[ $i -eq 1 ]] && echo "first start: empty folder, creates routes/ and the database" || echo "restart on the same folder")
    start_rows+=("| $i | $what | $ms | $cpu | $load |")
    bench_progress "start $i: healthy after $ms ms, $cpu ms of CPU (load $load)"
    if (( i < starts )); then
        bench_stop_service
    fi
done

bench_progress "idle for 10 s"
sleep 10
idle_rss=$(bench_rss_mib "$BENCH_SERVICE_PID")
idle_load=$(bench_load)

peak_file="$BENCH_TMP/peak-rss"
echo 0 >"$peak_file"
bench_sample_rss "$BENCH_SERVICE_PID" "$peak_file" &
sampler=$!
# post_webhooks SECONDS: wrk at 16 connections against the intake; prints wrk's output.
post_webhooks() {
    wrk -t2 -c16 -d"$1s" --timeout 10s -s "$BENCH_ROOT/bench/pipedrive-create.lua" \
        "http://127.0.0.1:$port/webhooks/pipedrive" -- "$BENCH_WEBHOOK_USER" "$BENCH_WEBHOOK_PASSWORD" 2>&1
}
if (( warmup > 0 )); then
    bench_progress "webhook warm-up: 16 connections for $warmup s (not measured but for the peak)"
    out=$(post_webhooks "$warmup") || bench_fail "wrk failed during the warm-up: $out"
fi
load_before=$(bench_load)
bench_progress "webhook load: 16 connections for $load_seconds s"
out=$(post_webhooks "$load_seconds") || bench_fail "wrk failed: $out"
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
load_after=$(bench_load)
eval "$(grep '^WRK_RESULT' <<<"$out" | sed 's/^WRK_RESULT //; s/\([a-z_0-9]*\)=/w_\1=/g')"
rps=$(awk -v n="$w_requests" -v us="$w_duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
after_rss=$(bench_rss_mib "$BENCH_SERVICE_PID")
heap=$(jcmd "$BENCH_SERVICE_PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|PSYoungGen/ { print; exit }' | sed 's/^ *//' || true)
quiet_rss=""
if (( quiet_seconds > 0 )); then
    bench_progress "quiet for $quiet_seconds s"
    sleep "$quiet_seconds"
    quiet_rss=$(bench_rss_mib "$BENCH_SERVICE_PID")
    quiet_load=$(bench_load)
    quiet_heap=$(jcmd "$BENCH_SERVICE_PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|PSYoungGen/ { print; exit }' | sed 's/^ *//' || true)
fi
max_heap=$(java -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" { printf "%.0f MiB", $4 / 1048576 }')
bench_stop_service

{
    echo
    echo "## Footprint"
    echo
    echo "| Measure | Value |"
    echo "|---|---|"
    bench_machine_rows
    echo "| JVM default max heap here | $max_heap |"
    echo "| Jar | $(du -k "$BENCH_JAR" | awk '{ printf "%.1f MiB", $1 / 1024 }') ($BENCH_JAR) |"
    echo "| Settings | defaults; H2 file database; both APIs at 127.0.0.1:9, where nothing listens: the flows run at the Pipedrive throttle's pace, each call refused (as in webhook-intake.sh) |"
    echo
    echo "| Start | What | \`java -jar\` to healthy, ms | CPU time used by then, ms | Load avg (1 min) |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${start_rows[@]}"
    echo
    echo "| Resident memory (RSS) | MiB | Load avg (1 min) |"
    echo "|---|---|---|"
    echo "| idle, 10 s after healthy | $idle_rss | $idle_load |"
    echo "| peak under webhook load (16 connections, $warmup s warm-up, then $load_seconds s at $rps req/s) | $(cat "$peak_file") | $load_before → $load_after |"
    echo "| right after the load | $after_rss | |"
    [[ -n "$heap" ]] && echo "| heap after the load (jcmd GC.heap_info) | $heap | |"
    if [[ -n "$quiet_rss" ]]; then
        echo "| $quiet_seconds s after the load, quiet | $quiet_rss | $quiet_load |"
        [[ -n "$quiet_heap" ]] && echo "| heap then (jcmd GC.heap_info) | $quiet_heap | |"
    fi
}
