package io.workerpool.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free TCP ports on the loopback interface for processes this one starts. */
public final class LoopbackPorts {

  private LoopbackPorts() {}

  /**
   * Returns a port that was free a moment ago. Another process may take it before the caller
   * binds it, so a caller that loses that race sees its child fail to start.
   */
  public static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
