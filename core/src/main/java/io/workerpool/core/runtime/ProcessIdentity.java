package io.workerpool.core.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Names a process for logs, client ids and the origin of the cancels it sends. */
public final class ProcessIdentity {

  private ProcessIdentity() {}

  /** Returns {@code role-host-pid}, for example {@code worker-build7-4242}. */
  public static String of(String role) {
    return role + "-" + hostName() + "-" + ProcessHandle.current().pid();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
