package io.workerpool.cli;

import io.workerpool.core.client.KafkaAccessDeniedException;
import io.workerpool.core.client.KafkaUnavailableException;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.core.runtime.ProcessIdentity;
import io.workerpool.core.security.PoolAcls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Grants each role's principal the ACLs it needs on the pool's topics and groups. */
@Command(name = "acls", mixinStandardHelpOptions = true,
    description = "Create the ACLs that let each role's principal run the pool, and nothing "
        + "more (see docs/security.md). Reads WORKERPOOL_TOPIC_PREFIX, PRODUCER_GROUP_ID, "
        + "WORKER_GROUP_ID and REDUCER_GROUP_ID like the roles. Run it as a principal allowed "
        + "to alter the cluster's ACLs. Prints each ACL on stdout, one per line; running it "
        + "again changes nothing.")
final class AclsCommand implements Callable<Integer> {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Mixin
  ClusterOption cluster;

  @Option(names = "--principal-producer", paramLabel = "PRINCIPAL",
      description = "Principal of the producers, such as User:producer.")
  List<String> producers = new ArrayList<>();

  @Option(names = "--principal-worker", paramLabel = "PRINCIPAL",
      description = "Principal of the workers.")
  List<String> workers = new ArrayList<>();

  @Option(names = "--principal-reducer", paramLabel = "PRINCIPAL",
      description = "Principal of the reducers.")
  List<String> reducers = new ArrayList<>();

  @Option(names = "--principal-client", paramLabel = "PRINCIPAL",
      description = "Principal of a client that submits jobs, reads outcomes and cancels jobs.")
  List<String> clients = new ArrayList<>();

  @Option(names = "--principal-submitter", paramLabel = "PRINCIPAL",
      description = "Principal of a client that submits jobs and reads outcomes but may not "
          + "cancel.")
  List<String> submitters = new ArrayList<>();

  @Option(names = "--principal-setup", paramLabel = "PRINCIPAL",
      description = "Principal that runs setup-topics: creates the topics and configures the "
          + "workers' share group.")
  List<String> setups = new ArrayList<>();

  @Option(names = "--dry-run",
      description = "Print the ACLs without connecting to the cluster.")
  boolean dryRun;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = PoolConnection.settingsWithKafkaTimeouts(cluster);
    List<AclBinding> bindings = bindings(poolAcls(settings));
    if (bindings.isEmpty()) {
      throw new IllegalArgumentException("missing principal: name at least one with "
          + "--principal-producer, --principal-worker, --principal-reducer, "
          + "--principal-client, --principal-submitter or --principal-setup");
    }
    bindings.forEach(binding -> System.out.println(PoolAcls.describe(binding)));
    if (dryRun) {
      System.err.println(bindings.size() + " ACLs (dry run: nothing was sent)");
      return 0;
    }
    KafkaClients kafka = new KafkaClients(settings, ProcessIdentity.of("acls"));
    try (Admin admin = kafka.newAdmin()) {
      create(admin, bindings, kafka.bootstrapServers());
    }
    System.err.println("Created " + bindings.size() + " ACLs on " + kafka.bootstrapServers());
    return 0;
  }

  private static PoolAcls poolAcls(Settings settings) {
    PoolSettings pool = PoolSettings.from(settings);
    return new PoolAcls(pool.topics(),
        settings.string("PRODUCER_GROUP_ID", pool.defaultGroupId("producer")),
        settings.string("WORKER_GROUP_ID", pool.defaultGroupId("workers")),
        settings.string("REDUCER_GROUP_ID", pool.defaultGroupId("reducer")));
  }

  private List<AclBinding> bindings(PoolAcls acls) {
    List<AclBinding> bindings = new ArrayList<>();
    producers.forEach(principal -> bindings.addAll(acls.producer(principal)));
    workers.forEach(principal -> bindings.addAll(acls.worker(principal)));
    reducers.forEach(principal -> bindings.addAll(acls.reducer(principal)));
    clients.forEach(principal -> bindings.addAll(acls.client(principal, true)));
    submitters.forEach(principal -> bindings.addAll(acls.client(principal, false)));
    setups.forEach(principal -> bindings.addAll(acls.setup(principal)));
    return bindings;
  }

  private static void create(Admin admin, List<AclBinding> bindings, String bootstrapServers)
      throws InterruptedException {
    try {
      admin.createAcls(bindings).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SecurityDisabledException) {
        throw new IllegalStateException("the cluster at " + bootstrapServers + " has no "
            + "authorizer, so it keeps no ACLs: set authorizer.class.name on the brokers");
      }
      if (cause instanceof ClusterAuthorizationException) {
        throw new IllegalStateException("not authorized to create ACLs on " + bootstrapServers
            + " (" + cause.getMessage() + "): run this command as a super user or a principal "
            + "with ALTER on the cluster, set in --kafka-config");
      }
      throw KafkaAccessDeniedException.classify(
          "cannot create ACLs on " + bootstrapServers, "the cluster", cause);
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException("timed out after " + TIMEOUT.toSeconds()
          + " s creating ACLs on " + bootstrapServers, e);
    }
  }
}
