#!/usr/bin/env bash
# Runs one in-process bench class (both simulators and the service in one JVM, io.dealsign.testing.SyncWorld)
# after compiling the tests: bench/in-process.sh io.dealsign.bench.SomeBench [its options].
# The bench scripts call this; the table goes to stdout, progress and warnings to stderr.
# Extra JVM options: BENCH_JAVA_OPTS.
set -euo pipefail

cd "$(dirname "$0")/.."
main_class="$1"
shift
classpath_file=target/bench-classpath.txt

echo "building (mvn test-compile, test classpath into $classpath_file)..." >&2
mvn -B -q test-compile >&2
if [[ ! -s "$classpath_file" || pom.xml -nt "$classpath_file" ]]; then
    mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
fi

# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
exec java ${BENCH_JAVA_OPTS:-} \
    -Dlogback.configurationFile=bench/logback-bench.xml \
    -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
    "$main_class" "$@"
