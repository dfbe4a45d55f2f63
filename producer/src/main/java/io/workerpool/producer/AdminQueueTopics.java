package io.workerpool.producer;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Looks queue topics up with the admin client. A topic found once is remembered, because the
 * pool never deletes topics. A missing one is looked up again at the next job, so a job
 * submitted after a queue's first worker started finds it.
 */
final class AdminQueueTopics implements QueueTopics {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Admin admin;
  private final Set<String> found = ConcurrentHashMap.newKeySet();

  AdminQueueTopics(Admin admin) {
    this.admin = admin;
  }

  @Override
  public boolean exists(String topic) {
    if (found.contains(topic)) {
      return true;
    }
    try {
      admin.describeTopics(List.of(topic)).allTopicNames()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new IllegalStateException("cannot describe topic " + topic + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no response from the Kafka cluster within "
          + TIMEOUT.toSeconds() + " s to a request to describe topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topic " + topic, e);
    }
    found.add(topic);
    return true;
  }
}
