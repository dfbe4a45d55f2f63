package io.workerpool.friends;

import java.time.Duration;
import java.util.Set;

/**
 * Fetches profiles from the bundled dataset, standing in for a remote profile service. It can
 * wait a fixed time per fetch, to simulate a network call, and fail for chosen user ids, to show
 * how a failure cancels a job.
 */
public final class DatasetProfileSource implements ProfileSource {

  private final SocialGraph graph;
  private final Duration latency;
  private final Set<Integer> failOn;

  /**
   * Creates a source that reads {@code graph}.
   *
   * @param latency time each fetch waits before it returns or fails
   * @param failOn user ids whose fetch fails, as {@code PROFILE_FAIL_ON_IDS} lists them
   */
  public DatasetProfileSource(SocialGraph graph, Duration latency, Set<Integer> failOn) {
    this.graph = graph;
    this.latency = latency;
    this.failOn = Set.copyOf(failOn);
  }

  /**
   * Returns the user's profile after the configured latency.
   *
   * @throws ProfileFetchException when the user is in the failure set or does not exist
   * @throws InterruptedException when the fetch is aborted while waiting
   */
  @Override
  public Profile fetch(int userId) throws ProfileFetchException, InterruptedException {
    if (!latency.isZero()) {
      Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
    }
    if (failOn.contains(userId)) {
      throw new ProfileFetchException("profile source failed for user " + userId
          + " (it is in PROFILE_FAIL_ON_IDS)");
    }
    return graph.profile(userId).orElseThrow(() -> new ProfileFetchException(
        "profile of user " + userId + " not found: ids run from 0 to "
            + (graph.userCount() - 1)));
  }
}
