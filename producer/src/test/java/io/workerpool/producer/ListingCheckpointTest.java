package io.workerpool.producer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class ListingCheckpointTest {

  private static final Instant SUBMITTED_AT = Instant.parse("2026-12-04T10:00:00.123456Z");
  private static final String SOURCE = "partition jobs-3 at offset 17";

  private final Logger logger = (Logger) LoggerFactory.getLogger(ListingCheckpoint.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  @Test
  void metadataRoundTrips() {
    ListingCheckpoint checkpoint = new ListingCheckpoint("job-1.a_b", SUBMITTED_AT, 1500);

    String metadata = checkpoint.toMetadata();

    assertThat(metadata)
        .isEqualTo("listed=1500;job=job-1.a_b;submittedAt=2026-12-04T10:00:00.123456Z");
    assertThat(ListingCheckpoint.fromMetadata(metadata, SOURCE)).contains(checkpoint);
    assertThat(logs.list).isEmpty();
  }

  @Test
  void metadataFieldsMayComeInAnyOrder() {
    String metadata = "job=job-1;submittedAt=2026-12-04T10:00:00Z;listed=7";

    assertThat(ListingCheckpoint.fromMetadata(metadata, SOURCE))
        .contains(new ListingCheckpoint("job-1", Instant.parse("2026-12-04T10:00:00Z"), 7));
  }

  @Test
  void emptyMetadataIsNoCheckpointAndNoWarning() {
    assertThat(ListingCheckpoint.fromMetadata("", SOURCE)).isEmpty();
    assertThat(ListingCheckpoint.fromMetadata(null, SOURCE)).isEmpty();
    assertThat(logs.list).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "committed by kafka-consumer-groups",
      "{\"listed\": 3, \"job\": \"job-1\"}",
      "listed=3;job=job-1",
      "listed=3;job=job-1;submittedAt=2026-12-04T10:00:00Z;extra=1",
      "listed=3;listed=4;job=job-1;submittedAt=2026-12-04T10:00:00Z",
      "listed=many;job=job-1;submittedAt=2026-12-04T10:00:00Z",
      "listed=-1;job=job-1;submittedAt=2026-12-04T10:00:00Z",
      "listed=3;job=job 1;submittedAt=2026-12-04T10:00:00Z",
      "listed=3;job=job-1;submittedAt=yesterday",
      "listed=3;job=job-1;submittedAt=2026-12-04T10:00:00Z;",
  })
  void foreignMetadataIgnoredWithWarning(String metadata) {
    assertThat(ListingCheckpoint.fromMetadata(metadata, SOURCE)).isEmpty();

    assertThat(logs.list).hasSize(1);
    ILoggingEvent warning = logs.list.get(0);
    assertThat(warning.getLevel()).isEqualTo(Level.WARN);
    assertThat(warning.getFormattedMessage()).contains("'" + metadata + "'").contains(SOURCE);
  }

  @Test
  void checkpointMatchesOnlyItsOwnSubmission() {
    ListingCheckpoint checkpoint = new ListingCheckpoint("job-1", SUBMITTED_AT, 10);

    assertThat(checkpoint.isFor("job-1", SUBMITTED_AT)).isTrue();
    assertThat(checkpoint.isFor("job-2", SUBMITTED_AT)).isFalse();
    assertThat(checkpoint.isFor("job-1", SUBMITTED_AT.plusSeconds(1))).isFalse();
  }
}
