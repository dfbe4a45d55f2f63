package io.workerpool.friends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.config.Settings;
import io.workerpool.core.job.CombineException;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FriendsJobTest {

  private final FriendsJob job = new FriendsJob();

  private static ObjectNode params(Object userId) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    if (userId instanceof Integer id) {
      params.put("userId", id);
    } else if (userId != null) {
      params.put("userId", userId.toString());
    }
    return params;
  }

  @Test
  void listsOneTaskPerFriend() throws Exception {
    List<JsonNode> tasks = new ArrayList<>();

    job.listTasks(params(0), input -> tasks.add(input));

    assertThat(tasks).extracting(task -> task.get("friendId").intValue()).containsExactly(23977);
  }

  @Test
  void listingStopsWhenSinkRefuses() throws Exception {
    List<JsonNode> tasks = new ArrayList<>();

    job.listTasks(params(31890), input -> {
      tasks.add(input);
      return tasks.size() < 5;
    });

    assertThat(tasks).hasSize(5);
  }

  @Test
  void missingUserIdIsRejected() {
    assertThatThrownBy(() -> job.validate(params(null)))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageStartingWith("missing job parameter 'userId'");
  }

  @Test
  void nonNumericUserIdIsRejected() {
    assertThatThrownBy(() -> job.validate(params("abc")))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("'userId' = \"abc\"");
  }

  @Test
  void unknownUserIdIsRejected() {
    assertThatThrownBy(() -> job.validate(params(99_999)))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageStartingWith("user id 99999 not found")
        .hasMessageContaining("from 0 to 37699");
  }

  @Test
  void processTaskReturnsTheProfile() throws Exception {
    JsonNode profile = job.processTask(JsonNodeFactory.instance.objectNode().put("friendId", 23977));

    assertThat(profile.toString()).isEqualTo("{\"id\":23977,\"name\":\"airtoxin\",\"ml_target\":0}");
  }

  @Test
  void processTaskFailsForConfiguredId() {
    job.configure(Settings.of(Map.of("PROFILE_FAIL_ON_IDS", "23977")));

    assertThatThrownBy(() -> job.processTask(
        JsonNodeFactory.instance.objectNode().put("friendId", 23977)))
        .isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("user 23977");
  }

  @Test
  void combinerMapsLoginToProfile() throws Exception {
    ResultCombiner combiner = job.newCombiner();

    combiner.add(job.processTask(JsonNodeFactory.instance.objectNode().put("friendId", 23977)));

    assertThat(combiner.result().toString())
        .isEqualTo("{\"airtoxin\":{\"id\":23977,\"name\":\"airtoxin\",\"ml_target\":0}}");
  }

  @Test
  void combinerRejectsProfileWithoutLogin() {
    ResultCombiner combiner = job.newCombiner();

    assertThatThrownBy(() -> combiner.add(JsonNodeFactory.instance.objectNode().put("id", 1)))
        .isInstanceOf(CombineException.class)
        .hasMessageContaining("has no login");
  }

  @Test
  void combinerRejectsTwoProfilesWithOneLogin() throws Exception {
    ResultCombiner combiner = job.newCombiner();
    combiner.add(JsonNodeFactory.instance.objectNode().put("id", 1).put("name", "x"));

    assertThatThrownBy(() -> combiner.add(
        JsonNodeFactory.instance.objectNode().put("id", 2).put("name", "x")))
        .isInstanceOf(CombineException.class)
        .hasMessageContaining("login 'x' belongs to two profiles");
  }
}
