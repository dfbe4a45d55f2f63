package io.workerpool.friends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.job.CombineException;
import io.workerpool.core.job.ResultCombiner;

/** Combines profiles into a JSON object from login to profile. */
final class LoginMapCombiner implements ResultCombiner {

  private final ObjectNode byLogin = JsonNodeFactory.instance.objectNode();

  @Override
  public void add(JsonNode profile) throws CombineException {
    JsonNode login = profile.get("name");
    if (login == null || !login.isTextual() || login.asText().isEmpty()) {
      throw new CombineException("profile " + profile + " has no login in field 'name'");
    }
    JsonNode previous = byLogin.get(login.asText());
    if (previous != null && !previous.equals(profile)) {
      throw new CombineException("login '" + login.asText() + "' belongs to two profiles: "
          + previous + " and " + profile);
    }
    byLogin.set(login.asText(), profile);
  }

  @Override
  public JsonNode result() {
    return byLogin;
  }
}
