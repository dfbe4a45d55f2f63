package io.workerpool.cli;

import io.workerpool.core.config.Settings;
import io.workerpool.profiles.ProfileServiceMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the profile service in the foreground, configured from the environment. */
@Command(name = "profile-service", mixinStandardHelpOptions = true,
    description = "Run the HTTP profile service that workers fetch profiles from when "
        + "PROFILE_SOURCE_URL is set, for example http://127.0.0.1:8080/users/{id}. Settings "
        + "come from environment variables such as PROFILE_SERVICE_PORT (default 8080) and "
        + "PROFILE_SERVICE_LATENCY; stop it with Ctrl-C.")
final class ProfileServiceCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    return ProfileServiceMain.run(Settings.fromEnvironment());
  }
}
