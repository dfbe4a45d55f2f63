package io.workerpool.core.kafka;

import org.apache.kafka.clients.admin.ShareGroupDescription;

/**
 * Tells worker processes apart in the workers' share group. One worker process joins with
 * several share consumers, whose client ids are the process's client id prefix followed by
 * {@code -tasks-1}, {@code -tasks-2} and so on.
 */
public final class WorkerProcesses {

  private static final String CONSUMER_PURPOSE = "tasks-";

  private WorkerProcesses() {}

  /** Returns the purpose, and so the client id suffix, of a worker's share consumer {@code n}. */
  public static String consumerPurpose(int n) {
    return CONSUMER_PURPOSE + n;
  }

  /** Counts the distinct worker processes among the share group's members. */
  public static long count(ShareGroupDescription group) {
    return group.members().stream()
        .map(member -> member.clientId().replaceFirst("-" + CONSUMER_PURPOSE + "\\d+$", ""))
        .distinct()
        .count();
  }
}
