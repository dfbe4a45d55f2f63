package io.workerpool.core.security;

import io.workerpool.protocol.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of each role of one pool, for a cluster that runs an authorizer.
 * Every grant allows any host and names one topic or group of the pool exactly
 * ({@link PatternType#LITERAL}), except those on the tasks topics of chained jobs' stage queues.
 * Those topics ({@code tasks.QUEUE}) and the share groups of their workers ({@code workers.QUEUE})
 * are named by the operators who start such workers, so their grants are
 * {@link PatternType#PREFIXED} with the shared tasks topic's name and the workers' group id.
 *
 * <p>Every role may describe every pool topic, because each checks the topics at start. No role
 * needs a cluster permission: since Kafka 3.0 an idempotent producer needs only WRITE on a
 * topic, not IDEMPOTENT_WRITE on the cluster.
 */
public final class PoolAcls {

  private static final String ANY_HOST = "*";

  private final Topics topics;
  private final String producerGroup;
  private final String workerGroup;
  private final String reducerGroup;

  /**
   * @param producerGroup the producers' consumer group
   * @param workerGroup the workers' share group
   * @param reducerGroup the reducers' consumer group
   */
  public PoolAcls(Topics topics, String producerGroup, String workerGroup, String reducerGroup) {
    this.topics = topics;
    this.producerGroup = producerGroup;
    this.workerGroup = workerGroup;
    this.reducerGroup = reducerGroup;
  }

  /** Reads jobs in the producer group and writes tasks, listing reports and cancels. */
  public List<AclBinding> producer(String principal) {
    Grants grants = new Grants(principal).describeTopics(poolTopics());
    grants.topic(topics.jobs(), AclOperation.READ);
    grants.group(producerGroup, AclOperation.READ);
    // Sends a job's tasks to the shared tasks topic or to the job's queue topic, and checks
    // that the queue topics a job and its stages name exist before listing it.
    grants.topicsWithPrefix(topics.tasks(), AclOperation.WRITE);
    grants.topic(topics.results(), AclOperation.WRITE);
    grants.topic(topics.deadLetters(), AclOperation.WRITE);
    grants.topicsWithPrefix(topics.tasks(), AclOperation.DESCRIBE);
    return grants.withCancels();
  }

  /**
   * Reads tasks in the share group and writes results and cancels. The worker also sets the
   * share group's {@code share.auto.offset.reset} at start, so it may alter the group's configs.
   * A worker of a stage queue does the same on the queue's tasks topic and share group, and
   * every worker sends the tasks of chained jobs on to the next stage's tasks topic.
   */
  public List<AclBinding> worker(String principal) {
    Grants grants = new Grants(principal).describeTopics(poolTopics());
    grants.topicsWithPrefix(topics.tasks(), AclOperation.READ);
    grants.topicsWithPrefix(topics.tasks(), AclOperation.WRITE);
    grants.topicsWithPrefix(topics.tasks(), AclOperation.DESCRIBE);
    grants.group(workerGroup, AclOperation.READ);
    grants.group(workerGroup, AclOperation.DESCRIBE_CONFIGS);
    grants.group(workerGroup, AclOperation.ALTER_CONFIGS);
    grants.groupsWithPrefix(workerGroup + ".", AclOperation.READ);
    grants.groupsWithPrefix(workerGroup + ".", AclOperation.DESCRIBE_CONFIGS);
    grants.groupsWithPrefix(workerGroup + ".", AclOperation.ALTER_CONFIGS);
    grants.topic(topics.results(), AclOperation.WRITE);
    grants.topic(topics.deadLetters(), AclOperation.WRITE);
    return grants.withCancels();
  }

  /** Reads jobs and results in the reducer group and writes outcomes, progress and cancels. */
  public List<AclBinding> reducer(String principal) {
    Grants grants = new Grants(principal).describeTopics(poolTopics());
    grants.topic(topics.jobs(), AclOperation.READ);
    grants.topic(topics.results(), AclOperation.READ);
    grants.group(reducerGroup, AclOperation.READ);
    grants.topic(topics.outcomes(), AclOperation.WRITE);
    grants.topic(topics.progress(), AclOperation.WRITE);
    grants.topic(topics.deadLetters(), AclOperation.WRITE);
    return grants.withCancels();
  }

  /**
   * Submits jobs, reads outcomes and progress without a group and, when {@code mayCancel},
   * writes cancels.
   */
  public List<AclBinding> client(String principal, boolean mayCancel) {
    Grants grants = new Grants(principal);
    grants.topic(topics.jobs(), AclOperation.WRITE);
    grants.topic(topics.outcomes(), AclOperation.READ);
    grants.topic(topics.progress(), AclOperation.READ);
    if (mayCancel) {
      grants.topic(topics.cancels(), AclOperation.WRITE);
    }
    return grants.bindings;
  }

  /**
   * Creates the pool's topics and configures the workers' share group, as
   * {@code workerpool setup-topics} does.
   */
  public List<AclBinding> setup(String principal) {
    Grants grants = new Grants(principal).describeTopics(poolTopics());
    for (String topic : poolTopics()) {
      grants.topic(topic, AclOperation.CREATE);
    }
    grants.topicsWithPrefix(topics.tasks(), AclOperation.CREATE);
    grants.topicsWithPrefix(topics.tasks(), AclOperation.DESCRIBE);
    grants.group(workerGroup, AclOperation.DESCRIBE_CONFIGS);
    grants.group(workerGroup, AclOperation.ALTER_CONFIGS);
    grants.groupsWithPrefix(workerGroup + ".", AclOperation.DESCRIBE_CONFIGS);
    grants.groupsWithPrefix(workerGroup + ".", AclOperation.ALTER_CONFIGS);
    return grants.bindings;
  }

  /**
   * Returns one binding as a line: {@code User:producer ALLOW READ TOPIC workerpool.jobs}, with
   * {@code (prefixed)} after the name of a {@link PatternType#PREFIXED} grant.
   */
  public static String describe(AclBinding binding) {
    String line = binding.entry().principal() + " " + binding.entry().permissionType() + " "
        + binding.entry().operation() + " " + binding.pattern().resourceType() + " "
        + binding.pattern().name();
    return binding.pattern().patternType() == PatternType.PREFIXED ? line + " (prefixed)" : line;
  }

  /**
   * Returns {@code principal} when it has the form {@code Type:name}, such as
   * {@code User:producer}, and names one principal rather than the wildcard {@code User:*}.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static String requireValidPrincipal(String principal) {
    int colon = principal == null ? -1 : principal.indexOf(':');
    if (colon <= 0 || colon == principal.length() - 1 || !principal.strip().equals(principal)) {
      throw new IllegalArgumentException("invalid principal '" + principal
          + "': expected TYPE:NAME, for example User:producer");
    }
    if (principal.endsWith(":*")) {
      throw new IllegalArgumentException("invalid principal '" + principal
          + "': the wildcard would grant the role's access to every principal; name one, "
          + "for example User:producer");
    }
    return principal;
  }

  private List<String> poolTopics() {
    return List.of(topics.jobs(), topics.tasks(), topics.results(), topics.cancels(),
        topics.outcomes(), topics.deadLetters(), topics.progress());
  }

  /** The bindings of one principal, in the order they are added. */
  private final class Grants {
    private final String principal;
    private final List<AclBinding> bindings = new ArrayList<>();

    Grants(String principal) {
      this.principal = requireValidPrincipal(principal);
    }

    Grants describeTopics(List<String> names) {
      names.forEach(name -> topic(name, AclOperation.DESCRIBE));
      return this;
    }

    void topic(String name, AclOperation operation) {
      add(ResourceType.TOPIC, name, operation);
    }

    void group(String name, AclOperation operation) {
      add(ResourceType.GROUP, name, operation);
    }

    void topicsWithPrefix(String prefix, AclOperation operation) {
      add(ResourceType.TOPIC, prefix, operation, PatternType.PREFIXED);
    }

    void groupsWithPrefix(String prefix, AclOperation operation) {
      add(ResourceType.GROUP, prefix, operation, PatternType.PREFIXED);
    }

    /** Adds what every role needs for cancels: read them all, and send its own. */
    List<AclBinding> withCancels() {
      topic(topics.cancels(), AclOperation.READ);
      topic(topics.cancels(), AclOperation.WRITE);
      return bindings;
    }

    private void add(ResourceType type, String name, AclOperation operation) {
      add(type, name, operation, PatternType.LITERAL);
    }

    private void add(ResourceType type, String name, AclOperation operation,
        PatternType patternType) {
      bindings.add(new AclBinding(new ResourcePattern(type, name, patternType),
          new AccessControlEntry(principal, ANY_HOST, operation, AclPermissionType.ALLOW)));
    }
  }
}
