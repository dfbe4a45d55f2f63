package io.workerpool.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.protocol.MessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole benchmark at its smallest size. It checks the output, never the speed. */
class BenchmarkMainTest {

  @Test
  @Timeout(value = 120)
  void quickRunWritesPositiveFigures(@TempDir Path output) throws Exception {
    long start = System.nanoTime();

    int status = BenchmarkMain.run("--quick", "--runs", "1", "--output", output.toString());

    assertThat(status).as("exit status").isZero();
    for (String file : new String[] {"results.json", "results.md", "throughput.svg",
        "io-scaling.svg", "latency.svg", "roles.log"}) {
      assertThat(output.resolve(file)).as(file).isNotEmptyFile();
    }
    JsonNode results = MessageCodec.mapper().readTree(output.resolve("results.json").toFile());
    assertThat(results.get("figures")).as("figures").isNotEmpty();
    assertThat(results.get("figures").findValuesAsText("name")).contains(
        "relay.records_per_s", "share_relay.p32.records_per_s", "share_relay.p256.records_per_s",
        "noop.big.w2.ratio_to_relay", "noop.big.w2.ratio_to_share_relay");
    for (JsonNode figure : results.get("figures")) {
      for (String field : new String[] {"median", "min", "max"}) {
        double value = figure.get(field).asDouble(Double.NaN);
        assertThat(value).as(figure.get("name").asText() + " " + field).isPositive().isFinite();
      }
    }
    for (JsonNode detail : results.get("details")) {
      assertThat(detail.get("median").asDouble(Double.NaN))
          .as(detail.get("name").asText()).isNotNegative().isFinite();
    }
    assertThat(results.get("targets")).as("targets").isNotEmpty();
    assertThat(Files.readString(output.resolve("latency.svg"))).startsWith("<svg");
    System.err.println("Quick benchmark took "
        + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
  }
}
