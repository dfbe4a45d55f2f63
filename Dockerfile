# One image for every process of the pool. The command picks what runs, as with bin/workerpool:
# a role (producer, worker, reducer, profile-service), the one-shot setup-topics, or a client
# command (submit, cancel).
#
#   docker build -t workerpool .
#   docker run --rm workerpool --help
#
# Build arguments:
#   BUILD_IMAGE    Maven and JDK 17 image of the build stage
#                  (default maven:3.9-eclipse-temurin-17)
#   RUNTIME_IMAGE  JRE 17 image that runs the pool; it must provide bash, which the health
#                  check uses (default eclipse-temurin:17-jre)
# For example: docker build --build-arg RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy -t workerpool .
#
# The image runs as the non-root user 10001:10001. JVM options go in JAVA_TOOL_OPTIONS. The
# build's Maven cache mount needs BuildKit, the default builder since Docker 23.
# NOTE: this image has not been built: the build machines have no Docker engine.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
  mvn --batch-mode --no-transfer-progress -DskipTests -pl cli -am package

FROM ${RUNTIME_IMAGE}
RUN groupadd --system --gid 10001 workerpool \
  && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin \
    workerpool
WORKDIR /app
COPY --from=build /src/cli/target/workerpool-cli.jar /app/workerpool-cli.jar
COPY --from=build /src/cli/target/lib /app/lib
COPY deploy/docker/healthcheck /app/bin/healthcheck
# Jars of more job types go here (a mounted volume or a derived image); every role loads them.
RUN mkdir /app/jobs
ENV WORKERPOOL_JOBS_DIR=/app/jobs
# A numeric user lets Kubernetes check runAsNonRoot without looking the name up.
USER 10001:10001
# 8081: health and metrics of producer, worker and reducer (when WORKERPOOL_HTTP_PORT=8081).
# 8080: the profile service (PROFILE_SERVICE_PORT, default 8080).
EXPOSE 8080 8081
# Checks /health/ready on WORKERPOOL_HTTP_PORT when it is set, else /health on
# PROFILE_SERVICE_PORT, so the one check fits every long-running command of this image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "/app/bin/healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/workerpool-cli.jar:/app/lib/*", \
  "io.workerpool.cli.WorkerpoolCommand"]
CMD ["--help"]
