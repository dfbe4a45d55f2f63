package io.workerpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.protocol.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class StageConverterTest {

  private final StageConverter converter = new StageConverter();

  @Test
  void typeAndParamsMakeSharedQueueStage() {
    Stage stage = converter.convert("multiply={\"by\":2}");

    assertThat(stage.type()).isEqualTo("multiply");
    assertThat(stage.params().get("by").asLong()).isEqualTo(2);
    assertThat(stage.queue()).isNull();
  }

  @Test
  void queueFollowsAtSign() {
    Stage stage = converter.convert("add@adders={\"amount\":1}");

    assertThat(stage.type()).isEqualTo("add");
    assertThat(stage.queue()).isEqualTo("adders");
    assertThat(stage.params().get("amount").asLong()).isEqualTo(1);
  }

  @Test
  void paramsMayBeLeftOut() {
    Stage stage = converter.convert("repeat@sources");

    assertThat(stage.type()).isEqualTo("repeat");
    assertThat(stage.queue()).isEqualTo("sources");
    assertThat(stage.params().isObject()).isTrue();
    assertThat(stage.params().isEmpty()).isTrue();
  }

  @Test
  void paramsMayContainEqualsAndAtSigns() {
    Stage stage = converter.convert("tag={\"label\":\"a=b@c\"}");

    assertThat(stage.type()).isEqualTo("tag");
    assertThat(stage.queue()).isNull();
    assertThat(stage.params().get("label").asText()).isEqualTo("a=b@c");
  }

  @Test
  void invalidJsonNamesValue() {
    assertThatThrownBy(() -> converter.convert("add={amount:1}"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("invalid stage 'add={amount:1}': the parameters are not valid "
            + "JSON")
        .hasMessageContaining(StageConverter.SYNTAX);
  }

  @Test
  void unclosedJsonNamesColumnWithoutSource() {
    assertThatThrownBy(() -> converter.convert("add={\"amount\":1"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("invalid stage 'add={\"amount\":1': the parameters are not "
            + "valid JSON (Unexpected end-of-input at column 12)")
        .hasMessageNotContaining("Source");
  }

  @ParameterizedTest
  @ValueSource(strings = {"add=1", "add=[1]", "add=\"x\"", "add="})
  void paramsThatAreNoObjectAreRejected(String value) {
    assertThatThrownBy(() -> converter.convert(value))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("invalid stage '" + value + "': the parameters must be a JSON "
            + "object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "={\"by\":2}", "@adders", "mul tiply={}"})
  void missingOrInvalidTypeIsRejected(String value) {
    assertThatThrownBy(() -> converter.convert(value))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("invalid stage '" + value + "': the type")
        .hasMessageContaining("add@adders={\"amount\":1}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"add@={}", "add@add ers={}", "add@a.b"})
  void invalidQueueIsRejected(String value) {
    assertThatThrownBy(() -> converter.convert(value))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("invalid stage '" + value + "': invalid queue name");
  }
}
