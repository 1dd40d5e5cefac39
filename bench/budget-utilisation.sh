#!/usr/bin/env bash
# How much of Pipedrive's rate limit the service uses when a backlog of deals arrives at once.
# Runs from anywhere, no arguments needed; see bench/README.md. Options (bench/budget-utilisation.sh --help):
#   --events N  --pipedrive-throttle N  --dottedsign-throttle N  --pipedrive-period-ms N
#   --dottedsign-period-ms N  --time-limit-minutes N  --request-log FILE
# The table goes to stdout, progress and warnings to stderr. Extra JVM options: BENCH_JAVA_OPTS.
exec "$(dirname "$0")/in-process.sh" io.dealsign.bench.BudgetUtilisationBench "$@"
