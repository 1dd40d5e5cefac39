#!/usr/bin/env bash
# What one reconcile cycle costs (API calls, time) with 100, 1,000 and 10,000 tasks and deals in the accounts
# and 10 changes since the last cycle. See bench/README.md.
#   bench/poll-cost.sh [--sizes 100,1000,10000] [--changes N] [--cycles N]
# The table goes to stdout, progress and warnings to stderr. Extra JVM options: BENCH_JAVA_OPTS.
exec "$(dirname "$0")/in-process.sh" io.dealsign.bench.PollCostBench "$@"
