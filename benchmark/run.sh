#!/usr/bin/env bash
# Storefront ratio benchmark, one run on this machine: the platform's one-round-trip read path vs its old
# transactional one (A/B, same build), and both vs a bare Javalin + JDBC baseline doing three and one round trips.
# Prints requests/s, p50/p99 and CPU microseconds per request of the server, PostgreSQL and the load generator.
# Usage: benchmark/run.sh [--tenants 1000] [--products 1000000] [--seconds 8] [--rounds 3] [--concurrency 8]
#        [--pages-only true] [--pg-stats true (pg_stat_statements: planning and execution per statement)]
#        [--old-build DIR (the second platform leg runs the checkout in DIR, built by its own run.sh, on its default
#        read path: an A/B of two builds instead of two read paths)]
#        [--profile platform|platform-old|baseline, or several joined by commas (JFR recording in
#        /tmp/saas-bench-<name>.jfr)]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
./mvnw -q -B -pl benchmark -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=runtime
# The runtime classpath of the checkout in $1, built as above. The reactor resolves bootstrap to its packaged jar,
# whose manifest Class-Path (lib/*.jar) would put every dependency on the path twice; its classes directory carries
# no manifest.
classpath_of() {
  sed "s#[^:]*/bootstrap/target/saas-platform.jar#$1/bootstrap/target/classes#" "$1/benchmark/target/benchmark.classpath"
}
classpath=$(classpath_of "$PWD")
# --old-build DIR reaches the benchmark as that checkout's classpath, made by the same rule.
args=()
while (($#)); do
  if [[ $1 == --old-build && $# -ge 2 ]]; then
    args+=(--old-classpath "$(classpath_of "$(cd "$2" && pwd)")")
    shift 2
  else
    args+=("$1")
    shift
  fi
done
# Other work on the machine skews every leg; the load before and after says how much there was.
echo "load before: $(uptime)"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m \
  -cp "benchmark/target/classes:$classpath" \
  io.saasplatform.benchmark.StorefrontBenchmark "${args[@]}"
echo "load after:  $(uptime)"
