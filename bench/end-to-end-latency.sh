#!/usr/bin/env bash
# How long the flows take from the webhook to their effect: deal added -> task created, task completed ->
# signed file attached; p50/p99 with both simulators unlimited. See bench/README.md.
#   bench/end-to-end-latency.sh [--deals N] [--deal-interval-ms N] [--completion-interval-ms N] [--warmup N]
# The table goes to stdout, progress and warnings to stderr. Extra JVM options: BENCH_JAVA_OPTS.
exec "$(dirname "$0")/in-process.sh" io.dealsign.bench.EndToEndLatencyBench "$@"
