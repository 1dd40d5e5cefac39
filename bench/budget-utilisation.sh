#!/usr/bin/env bash
# How much of Pipedrive's rate limit the service uses when a backlog of deals arrives at once.
# Runs from anywhere, no arguments needed; see bench/README.md. Options (bench/budget-utilisation.sh --help):
#   --events N  --pipedrive-throttle N  --dottedsign-throttle N  --pipedrive-period-ms N
#   --dottedsign-period-ms N  --time-limit-minutes N  --request-log FILE
# The table goes to stdout, progress and warnings to stderr. Extra JVM options: BENCH_JAVA_OPTS.
set -euo pipefail

cd "$(dirname "$0")/.."
classpath_file=target/bench-classpath.txt

echo "building (mvn test-compile, test classpath into $classpath_file)..." >&2
mvn -B -q test-compile >&2
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2

# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
exec java ${BENCH_JAVA_OPTS:-} \
    -Dlogback.configurationFile=bench/logback-bench.xml \
    -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
    io.dealsign.bench.BudgetUtilisationBench "$@"
