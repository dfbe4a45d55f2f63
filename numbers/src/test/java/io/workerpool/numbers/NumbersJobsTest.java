package io.workerpool.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumbersJobsTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static ObjectNode repeat(long... values) {
    ObjectNode params = JSON.objectNode();
    var array = params.putArray("values");
    for (long value : values) {
      array.add(value);
    }
    return params;
  }

  @Test
  void repeatListsItsValuesUntilTheSinkStops() throws Exception {
    List<Long> listed = new ArrayList<>();

    new RepeatJob().listTasks(repeat(1, 2, 3), input -> {
      listed.add(input.longValue());
      return listed.size() < 7;
    });

    assertThat(listed).containsExactly(1L, 2L, 3L, 1L, 2L, 3L, 1L);
  }

  @Test
  void repeatWithTimesEndsOnItsOwn() throws Exception {
    List<Long> listed = new ArrayList<>();

    new RepeatJob().listTasks(repeat(4, 5).put("times", 2), input -> listed.add(input.longValue()));

    assertThat(listed).containsExactly(4L, 5L, 4L, 5L);
  }

  @Test
  void repeatRejectsEmptyValues() {
    assertThatThrownBy(() -> new RepeatJob().validate(repeat()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("'values' = []");
  }

  @Test
  void repeatRejectsNumberThatIsNotWhole() {
    ObjectNode params = JSON.objectNode();
    params.putArray("values").add(1).add(2.5);

    assertThatThrownBy(() -> new RepeatJob().validate(params))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("2.5 at index 1");
  }

  @Test
  void multiplyAsStageUsesTheStageOperand() throws Exception {
    JsonNode output = new MultiplyJob().processStage(JSON.numberNode(21),
        JSON.objectNode().put("by", 2));

    assertThat(output.longValue()).isEqualTo(42);
  }

  @Test
  void addAsJobListsOneTaskPerValue() throws Exception {
    AddJob add = new AddJob();
    List<Long> outputs = new ArrayList<>();

    add.listTasks(repeat(1, 2).put("amount", 10), input -> {
      try {
        outputs.add(add.processTask(input).longValue());
      } catch (TaskFailedException e) {
        throw new AssertionError(e);
      }
      return true;
    });

    assertThat(outputs).containsExactly(11L, 12L);
  }

  @Test
  void overflowFailsTheTaskNamingTheNumbers() {
    assertThatThrownBy(() -> new AddJob().processStage(JSON.numberNode(Long.MAX_VALUE),
        JSON.objectNode().put("amount", 1)))
        .isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("add of " + Long.MAX_VALUE + " and 1 overflows");
  }

  @Test
  void stageWithoutOperandIsRejected() {
    assertThatThrownBy(() -> new MultiplyJob().validateStage(JSON.objectNode()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("missing job parameter 'by'");
  }

  @Test
  void combinerKeepsListingOrder() throws Exception {
    ResultCombiner combiner = new RepeatJob().newCombiner();

    combiner.add(2, JSON.numberNode(30));
    combiner.add(0, JSON.numberNode(10));
    combiner.add(1, JSON.numberNode(20));

    assertThat(combiner.result().toString()).isEqualTo("[10,20,30]");
  }
}
