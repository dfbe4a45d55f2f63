package io.workerpool.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;

/** Creates SCRAM-SHA-512 users on a started broker and waits until the broker lists them. */
final class ScramUsers {

  /** Kafka's default SCRAM iteration count. */
  private static final int ITERATIONS = 4096;
  private static final Duration RETRY_INTERVAL = Duration.ofMillis(50);

  private ScramUsers() {}

  /**
   * Creates or updates the users, name to password, then waits until DescribeUserScramCredentials
   * lists all of them, so a client that authenticates next finds its credential.
   */
  static void create(Admin admin, Map<String, String> users, Duration timeout) {
    if (users.isEmpty()) {
      return;
    }
    List<UserScramCredentialAlteration> alterations = new ArrayList<>();
    ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS);
    users.forEach((name, password) ->
        alterations.add(new UserScramCredentialUpsertion(name, info, password)));
    long giveUp = System.nanoTime() + timeout.toNanos();
    try {
      admin.alterUserScramCredentials(alterations).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      while (!known(admin, timeout).containsAll(users.keySet())) {
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException("SCRAM users " + users.keySet()
              + " were created but the broker did not list them within " + timeout);
        }
        Thread.sleep(RETRY_INTERVAL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating SCRAM users " + users.keySet(),
          e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Failed to create SCRAM users " + users.keySet()
          + " within " + timeout + "; see the cause", e);
    }
  }

  private static Set<String> known(Admin admin, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<String, UserScramCredentialsDescription> described = admin.describeUserScramCredentials()
        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return described.keySet();
  }
}
