package io.workerpool.core.client;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Thrown when the Kafka cluster rejects a client's credentials or denies its principal an
 * operation. A subclass of {@link KafkaUnavailableException}, because the pool cannot be used
 * either way, with a message that names the fix.
 */
public class KafkaAccessDeniedException extends KafkaUnavailableException {

  public KafkaAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns the exception for a failed client request: an access denial when {@code cause} or
   * one of its causes is an authentication or authorization error, else an unavailable cluster.
   *
   * @param action what failed, such as {@code cannot send to topic workerpool.jobs at HOST:PORT}
   * @param topic the topic the request was for, named in the fix for a denied request
   */
  public static KafkaUnavailableException classify(String action, String topic, Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof AuthenticationException) {
        return new KafkaAccessDeniedException(action + ": authentication failed ("
            + c.getMessage() + "); check the credentials in the Kafka client properties "
            + "(--kafka-config or KAFKA_CLIENT_CONFIG_FILE)", cause);
      }
      if (c instanceof AuthorizationException) {
        return new KafkaAccessDeniedException(action + ": not authorized (" + c.getMessage()
            + "); grant this client's principal access to " + topic
            + " with 'workerpool acls', see docs/security.md", cause);
      }
    }
    return new KafkaUnavailableException(action + ": " + cause.getMessage(), cause);
  }
}
