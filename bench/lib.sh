# Shared by the bench scripts that run the built jar as a process (sourced, not run).
# Each script calls bench_init first; every process started with bench_start_service is stopped on exit,
# also after an error or Ctrl-C, and the temporary folder is deleted.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_JAR="$BENCH_ROOT/target/dealsign-sync.jar"
BENCH_WEBHOOK_USER=bench-hook
BENCH_WEBHOOK_PASSWORD=bench-hook-password
BENCH_ADMIN_TOKEN=bench-admin-token
BENCH_PIDS=()

bench_progress() {
    printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

bench_fail() {
    bench_progress "FAILED: $*"
    exit 1
}

# The 1-minute load average: other work on the machine skews every figure.
bench_load() {
    cut -d' ' -f1 /proc/loadavg
}

bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]:-}"; do
        [[ -n "$pid" ]] || continue
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    if [[ -n "${BENCH_TMP:-}" && -d "$BENCH_TMP" && -z "${BENCH_KEEP:-}" ]]; then
        rm -rf "$BENCH_TMP"
    fi
}

bench_init() {
    BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/dealsign-bench.XXXXXX")"
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# Builds the jar when it is missing or older than a source, route or the pom.
bench_build_jar() {
    if [[ -f "$BENCH_JAR" ]] && [[ -z "$(find "$BENCH_ROOT/src/main" "$BENCH_ROOT/routes" "$BENCH_ROOT/pom.xml" \
            "$BENCH_ROOT/application.properties" -newer "$BENCH_JAR" -print -quit)" ]]; then
        return
    fi
    bench_progress "building the jar (mvn -B -q package -DskipTests)..."
    (cd "$BENCH_ROOT" && mvn -B -q package -DskipTests >&2)
}

bench_require_wrk() {
    if command -v wrk >/dev/null; then
        return
    fi
    bench_progress "installing wrk (apt-get install wrk)..."
    local sudo=""
    [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
    $sudo apt-get install -y -q wrk >&2 || { $sudo apt-get update -q >&2 && $sudo apt-get install -y -q wrk >&2; } \
        || bench_fail "wrk is needed: apt-get install wrk"
}

bench_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

bench_now_ms() {
    echo $(( $(date +%s%N) / 1000000 ))
}

# bench_start_service DIR PORT [-Dkey=value ...]: starts the jar in DIR (its ./data and routes/ live there), with
# Pipedrive's webhook credentials and the admin token set and both APIs pointed nowhere (no API token, an address
# that refuses connections), so that no event gets past its first API call. Sets BENCH_SERVICE_PID and
# BENCH_SERVICE_STARTED_MS. Its output goes to DIR/service.log. Extra JVM options: BENCH_JAVA_OPTS.
bench_start_service() {
    local dir="$1" port="$2"
    shift 2
    mkdir -p "$dir"
    BENCH_SERVICE_STARTED_MS=$(bench_now_ms)
    # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
    (cd "$dir" && exec java ${BENCH_JAVA_OPTS:-} \
        -Dcamel.server.port="$port" \
        -Dpipedrive.webhook.username="$BENCH_WEBHOOK_USER" \
        -Dpipedrive.webhook.password="$BENCH_WEBHOOK_PASSWORD" \
        -Dsync.admin.token="$BENCH_ADMIN_TOKEN" \
        -Dpipedrive.base-url=http://127.0.0.1:9 \
        -Ddottedsign.base-url=http://127.0.0.1:9 \
        "$@" \
        -jar "$BENCH_JAR" >"$dir/service.log" 2>&1) &
    BENCH_SERVICE_PID=$!
    BENCH_PIDS+=("$BENCH_SERVICE_PID")
}

# Waits until /observe/health answers 200; prints the milliseconds since bench_start_service.
bench_wait_healthy() {
    local port="$1" limit_ms="${2:-120000}"
    while true; do
        if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/observe/health"; then
            echo $(( $(bench_now_ms) - BENCH_SERVICE_STARTED_MS ))
            return
        fi
        kill -0 "$BENCH_SERVICE_PID" 2>/dev/null || bench_fail "the service exited while starting; its log: $(tail -20 "$BENCH_TMP"/*/service.log 2>/dev/null)"
        (( $(bench_now_ms) - BENCH_SERVICE_STARTED_MS < limit_ms )) || bench_fail "the service was not healthy within $limit_ms ms"
        sleep 0.02
    done
}

# Stops the service with SIGTERM (a graceful stop) and waits for it.
bench_stop_service() {
    local pid="$BENCH_SERVICE_PID"
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

# CPU time (user + system) a process has used so far, in ms: unlike wall time, hardly skewed by other work.
bench_cpu_ms() {
    awk -v tick="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / tick }' "/proc/$1/stat" 2>/dev/null || echo "?"
}

# Resident memory of a process in MiB.
bench_rss_mib() {
    awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"
}

# Samples a process's resident memory every 0.5 s until stopped; the peak (MiB) is in FILE.
bench_sample_rss() {
    local pid="$1" file="$2" peak=0 rss
    while kill -0 "$pid" 2>/dev/null; do
        rss=$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$pid/status" 2>/dev/null || echo 0)
        # Written whole, then renamed: a reader never sees the file half-written.
        (( rss > peak )) && peak=$rss && echo "$peak" >"$file.tmp" && mv "$file.tmp" "$file"
        sleep 0.5
    done
}

# Runs a query on the service's H2 file database (the service must be stopped), with H2 from the jar.
bench_h2_query() {
    local database_url="$1" sql="$2"
    java -cp "$BENCH_JAR" org.h2.tools.Shell -url "$database_url" -user sa -password "" -sql "$sql"
}

bench_machine_rows() {
    local java_version
    java_version=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.vm.name|java.runtime.version/ { printf "%s ", $2 }')
    echo "| Machine: cores | $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')) |"
    echo "| Machine: OS | $(uname -sr) |"
    echo "| Machine: JVM | ${java_version% } ; options: ${BENCH_JAVA_OPTS:-defaults} |"
    echo "| Machine: memory | $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
}
