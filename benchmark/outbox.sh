#!/usr/bin/env bash
# Outbox benchmark: messages/s with 1 and 2 workers, and with one worker its ratio to a bare SKIP LOCKED queue
# measured in the same run (stable on a shared machine); enqueue-to-delivery p50/p99; cost of the outbox insert.
# Usage: benchmark/outbox.sh [--messages 10000] [--rounds 3] [--threads 10] [--poll-ms 100] [--rate 250]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
./mvnw -q -B -pl benchmark -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=runtime
# As in run.sh: bootstrap's classes directory, not its jar (whose manifest Class-Path would duplicate the path).
classpath=$(sed "s#[^:]*/bootstrap/target/saas-platform.jar#$PWD/bootstrap/target/classes#" benchmark/target/benchmark.classpath)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "benchmark/target/classes:$classpath" \
  io.saasplatform.benchmark.OutboxBenchmark "$@"
