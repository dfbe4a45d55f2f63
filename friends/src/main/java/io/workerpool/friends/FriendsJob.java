package io.workerpool.friends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.config.Settings;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.RetriableTaskException;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.core.job.TaskSink;
import io.workerpool.protocol.MessageCodec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code friends} job: for {@code {"userId": U}}, one task per friend of U, each task
 * fetching {@code {"friendId": F}}'s profile, and a result mapping each friend's login to the
 * profile.
 *
 * <p>Settings: {@code FRIENDS_LIST_PAGE_SIZE} and {@code FRIENDS_LIST_PAGE_LATENCY} shape the
 * producer's listing, which reads friend ids a page at a time like a paged API. The workers fetch
 * profiles over HTTP from the URL template in {@code PROFILE_SOURCE_URL} when it is set (see
 * {@link HttpProfileSource}), and otherwise from the bundled dataset, which
 * {@code PROFILE_FETCH_LATENCY} and {@code PROFILE_FAIL_ON_IDS} make slow or failing.
 */
public final class FriendsJob implements JobHandler {

  public static final String TYPE = "friends";

  private static final Logger log = LoggerFactory.getLogger(FriendsJob.class);

  private static final String USER_ID = "userId";
  private static final String FRIEND_ID = "friendId";

  private final SocialGraph graph;
  private int pageSize = 100;
  private Duration pageLatency = Duration.ZERO;
  private ProfileSource profiles;

  public FriendsJob() {
    this(SocialGraph.github());
  }

  FriendsJob(SocialGraph graph) {
    this.graph = graph;
    this.profiles = new DatasetProfileSource(graph, Duration.ZERO, Set.of());
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void configure(Settings settings) {
    pageSize = settings.positiveInt("FRIENDS_LIST_PAGE_SIZE", 100);
    pageLatency = settings.duration("FRIENDS_LIST_PAGE_LATENCY", Duration.ZERO);
    profiles = profileSource(settings);
  }

  /** Returns the HTTP source when {@code PROFILE_SOURCE_URL} is set, else the dataset source. */
  private ProfileSource profileSource(Settings settings) {
    Duration latency = settings.duration("PROFILE_FETCH_LATENCY", Duration.ZERO);
    Set<Integer> failOn = settings.intSet("PROFILE_FAIL_ON_IDS");
    Optional<HttpProfileSource> http = HttpProfileSource.fromSettings(settings);
    if (http.isEmpty()) {
      return new DatasetProfileSource(graph, latency, failOn);
    }
    if (!latency.isZero() || !failOn.isEmpty()) {
      log.warn("PROFILE_FETCH_LATENCY and PROFILE_FAIL_ON_IDS apply only to the dataset profile "
          + "source, so they are ignored because {} is set; set PROFILE_SERVICE_LATENCY and "
          + "PROFILE_SERVICE_FAIL_ON_IDS on the profile service instead", HttpProfileSource.URL);
    }
    log.info("Friends tasks fetch profiles with GET {}", http.get().urlTemplate());
    return http.get();
  }

  @Override
  public void validate(JsonNode params) throws InvalidJobException {
    JsonNode userId = params.get(USER_ID);
    String allowed = "a user id of the GitHub social dataset, from 0 to "
        + (graph.userCount() - 1);
    if (userId == null || userId.isNull()) {
      throw new InvalidJobException("missing job parameter '" + USER_ID + "': submit {\""
          + USER_ID + "\": N} with N " + allowed);
    }
    if (!userId.canConvertToInt() || !userId.isIntegralNumber()) {
      throw new InvalidJobException("invalid job parameter '" + USER_ID + "' = " + userId
          + ": expected " + allowed);
    }
    if (!graph.contains(userId.intValue())) {
      throw new InvalidJobException("user id " + userId.intValue() + " not found: expected "
          + allowed);
    }
  }

  @Override
  public void listTasks(JsonNode params, TaskSink sink) throws Exception {
    int[] friends = graph.friendsOf(params.get(USER_ID).intValue());
    for (int start = 0; start < friends.length; start += pageSize) {
      int[] page = Arrays.copyOfRange(friends, start, Math.min(friends.length, start + pageSize));
      if (!pageLatency.isZero()) {
        Thread.sleep(pageLatency.toMillis());
      }
      for (int friendId : page) {
        if (!sink.offer(JsonNodeFactory.instance.objectNode().put(FRIEND_ID, friendId))) {
          return;
        }
      }
    }
  }

  @Override
  public JsonNode processTask(JsonNode input) throws TaskFailedException, InterruptedException {
    JsonNode friendId = input.get(FRIEND_ID);
    if (friendId == null || !friendId.canConvertToInt()) {
      throw new TaskFailedException("invalid task input " + input + ": expected {\""
          + FRIEND_ID + "\": N}");
    }
    try {
      return MessageCodec.mapper().valueToTree(profiles.fetch(friendId.intValue()));
    } catch (ProfileFetchException e) {
      throw e.retriable() ? new RetriableTaskException(e.getMessage(), e)
          : new TaskFailedException(e.getMessage(), e);
    }
  }

  @Override
  public String describeTask(JsonNode input) {
    JsonNode friendId = input.get(FRIEND_ID);
    return "friend " + (friendId == null ? "?" : friendId.asText());
  }

  @Override
  public ResultCombiner newCombiner() {
    return new LoginMapCombiner();
  }
}
