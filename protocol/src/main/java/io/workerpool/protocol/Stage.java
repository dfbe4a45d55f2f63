package io.workerpool.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * A later stage of a chained job: each output of the stage before becomes one task of this
 * stage.
 *
 * @param type the job type whose handler processes this stage's tasks, for example
 *     {@code multiply}
 * @param params the handler's parameters for this stage, for example {@code {"by": 2}}
 * @param queue the task queue this stage's tasks go to, so that the stage scales on its own
 *     workers (those started with {@code WORKER_QUEUE} set to it); null for the shared tasks
 *     topic
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Stage(String type, JsonNode params, String queue) {

  public Stage {
    Messages.requireField(type, "type");
    params = Objects.requireNonNullElseGet(params, JsonNodeFactory.instance::objectNode);
    if (!params.isObject()) {
      throw new IllegalArgumentException("field 'params' of stage '" + type + "' is " + params
          + ": give the stage's parameters as a JSON object, such as {\"by\": 2}");
    }
    Topics.requireValidQueueOrNull(queue);
  }

  public static Stage of(String type, JsonNode params) {
    return new Stage(type, params, null);
  }
}
