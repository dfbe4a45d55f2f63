package io.workerpool.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} is {1} ms")
  @CsvSource({
      "20ms, 20",
      "30s, 30000",
      "5m, 300000",
      "1h, 3600000",
      "0, 0",
      "PT30S, 30000",
      "pt1.5s, 1500",
      "' 30s ', 30000",
      "30 s, 30000"
  })
  void parsesUnitsAndIso(String text, long expectedMillis) {
    Duration parsed = Durations.parse(text);

    assertThat(parsed).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @Test
  void bareZeroIsZero() {
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void bareNumberIsRejected() {
    assertThatThrownBy(() -> Durations.parse("60"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid duration '60'");
  }

  @ParameterizedTest(name = "rejects ''{0}''")
  @ValueSource(strings = {"-1s", "abc", "", "1.5s", "30S", "10d", "PT-1S", "-PT1S", "P"})
  void rejectsInvalidText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid duration '" + text + "'");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Durations.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid duration 'null'");
  }

  @Test
  void errorSuggestsValidFormat() {
    assertThatThrownBy(() -> Durations.parse("abc"))
        .hasMessageContaining("for example 30s or 250ms");
  }

  @Test
  void rejectsOverflowingHours() {
    // 9999999999999999 hours do not fit in a Duration's seconds field (a long).
    String text = "9999999999999999h";

    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid duration '" + text + "'");
  }

  @Test
  void formatWritesWholeSecondsInSeconds() {
    String text = Durations.format(Duration.ofSeconds(30));

    assertThat(text).isEqualTo("30s");
  }

  @Test
  void formatWritesOtherValuesInMilliseconds() {
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
  }

  @ParameterizedTest(name = "{0} ms")
  @ValueSource(longs = {0, 1, 999, 1000, 1500, 60000, 3600000})
  void formatOutputParsesBack(long millis) {
    Duration duration = Duration.ofMillis(millis);

    Duration parsed = Durations.parse(Durations.format(duration));

    assertThat(parsed).isEqualTo(duration);
  }
}
