# One image for every role: the command picks the role (producer, worker, reducer) or a client
# command (submit, cancel). Build from the repository root: docker build -t workerpool .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn --batch-mode --no-transfer-progress -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home workerpool
WORKDIR /app
COPY --from=build /src/cli/target/workerpool-cli.jar /app/workerpool-cli.jar
COPY --from=build /src/cli/target/lib /app/lib
USER workerpool
ENV KAFKA_BOOTSTRAP_SERVERS=kafka:9092
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/workerpool-cli.jar:/app/lib/*", "io.workerpool.cli.WorkerpoolCommand"]
CMD ["--help"]
