#!/usr/bin/env bash
# Storefront ratio benchmark: platform vs a bare Javalin + JDBC baseline, one run on this machine.
# Usage: benchmark/run.sh [--tenants 1000] [--products 1000000] [--seconds 8] [--rounds 3] [--concurrency 8]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
./mvnw -q -B -pl benchmark -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=runtime
# The reactor resolves bootstrap to its packaged jar, whose manifest Class-Path (lib/*.jar) would put every
# dependency on the path twice; its classes directory carries no manifest.
classpath=$(sed "s#[^:]*/bootstrap/target/saas-platform.jar#$PWD/bootstrap/target/classes#" benchmark/target/benchmark.classpath)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m \
  -cp "benchmark/target/classes:$classpath" \
  io.saasplatform.benchmark.StorefrontBenchmark "$@"
