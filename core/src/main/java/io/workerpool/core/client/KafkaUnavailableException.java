package io.workerpool.core.client;

/** Thrown when a client cannot reach the Kafka cluster or the pool's topics on it. */
public class KafkaUnavailableException extends IllegalStateException {

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
