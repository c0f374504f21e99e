# syntax=docker/dockerfile:1.7
#
# SaaS Platform container image.
#
#   docker build -t saas-platform:local .
#   docker run --rm -p 8080:8080 saas-platform:local        # embedded PostgreSQL + Redis (APP_ENV=development)
#
# Production (ECS) sets APP_ENV=production and the DATABASE_URL / REDIS_URL / SECRET_KEY secrets; see infra/.
# Needs BuildKit (the default builder of current Docker) for the Maven cache mount.

ARG JDK_IMAGE=eclipse-temurin:25-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

# ---------------------------------------------------------------------------------------------------------------------
FROM ${JDK_IMAGE} AS build

# The Maven wrapper ("only-script" distribution) fetches Maven 3.9.16 with curl/wget and unpacks it with unzip;
# GNU tar, its fallback, cannot read a zip.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends unzip \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# .dockerignore keeps target/, .data/, .git, docs and infra out of the context, so this layer changes only with
# sources and poms. The cache mount keeps ~/.m2 (dependencies and the wrapper's Maven) across builds.
COPY . .
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package

# Split the runtime class path into two layers: third-party jars (change rarely, ~100 MB with the embedded
# PostgreSQL binaries) and this project's own module jars + the launcher jar (change on every commit), so a
# normal release pushes and pulls only a few hundred kB. A jar is "ours" when its artifactId names a module
# directory; a misfiled jar only lands in the other layer, the class path is the same.
RUN set -eu; \
    test -f bootstrap/target/saas-platform.jar; \
    mkdir -p /layers/deps/lib /layers/app/lib; \
    cp bootstrap/target/saas-platform.jar /layers/app/; \
    for jar in bootstrap/target/lib/*.jar; do \
      name=$(basename "$jar"); \
      if [ -f "${name%%-[0-9]*}/pom.xml" ]; then cp "$jar" /layers/app/lib/; else cp "$jar" /layers/deps/lib/; fi; \
    done; \
    ls /layers/app/lib /layers/app

# ---------------------------------------------------------------------------------------------------------------------
FROM ${JRE_IMAGE} AS runtime

# curl serves the HEALTHCHECK below and the ECS container health check (infra/ecs.tf). Current Temurin images
# already ship it; installing it explicitly keeps the health checks working if a base image drops it.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /var/lib/saas-platform \
 && chown 10001:10001 /var/lib/saas-platform

WORKDIR /app
# Code is owned by root and read-only for the app user. The manifest's Class-Path is lib/..., relative to the jar.
COPY --from=build /layers/deps/ /app/
COPY --from=build /layers/app/ /app/

# DATA_DIR only matters in the embedded (no DATABASE_URL / REDIS_URL) mode; it must be writable by the app user.
# APP_ENV is deliberately not set here: the deployment states it (ECS sets production, compose development).
# The image states its mode: production refuses mock sign-in and requires real DATABASE_URL, REDIS_URL and
# SECRET_KEY. A local stack overrides it on purpose (docker-compose.yml sets APP_ENV itself).
ENV APP_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATA_DIR=/var/lib/saas-platform

USER 10001:10001
EXPOSE 8080

# Liveness only: /health/ready also fails while PostgreSQL or Redis is unreachable, and restarting the container
# would not fix that. The ALB target group checks /health/ready to decide where traffic goes.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/health/live" || exit 1

# The platform drains in-flight requests on SIGTERM, then exits. Exec form keeps the JVM as PID 1 so the signal
# reaches it directly (no shell in between); orchestrators should allow >= 30 s before SIGKILL.
STOPSIGNAL SIGTERM

# -XX:MaxRAMPercentage=75: heap sized from the container's memory limit, leaving a quarter for metaspace,
#   thread stacks, direct buffers (Netty in Lettuce, Jetty) and the JIT.
# -XX:+ExitOnOutOfMemoryError: a JVM past an OOM is in an unknown state; exit and let the orchestrator replace it.
# Extra flags without rebuilding: JDK_JAVA_OPTIONS (read by the java launcher), e.g. "-XX:+UseZGC".
ENTRYPOINT ["java", \
            "-XX:MaxRAMPercentage=75", \
            "-XX:+ExitOnOutOfMemoryError", \
            "-Dorg.jooq.no-logo=true", \
            "-Dorg.jooq.no-tips=true", \
            "-jar", "/app/saas-platform.jar"]
