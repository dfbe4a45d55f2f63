package io.workerpool.friends;

/**
 * Fetches a GitHub user's profile for a friends task. Workers call one instance from several
 * threads at once, so implementations are thread-safe.
 */
public interface ProfileSource {

  /**
   * Fetches the user's profile.
   *
   * @throws ProfileFetchException when the user does not exist or the source fails. The message
   *     names the user and the source.
   * @throws InterruptedException when the calling thread is interrupted because the task's job
   *     was cancelled. The fetch is then aborted.
   */
  Profile fetch(int userId) throws ProfileFetchException, InterruptedException;
}
