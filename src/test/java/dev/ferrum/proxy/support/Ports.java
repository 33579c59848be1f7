package dev.ferrum.proxy.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ephemeral loopback ports for servers that need a port number before they start. */
public final class Ports {

  private Ports() {
  }

  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A loopback port on which nothing listens (connections are refused). */
  public static int closed() {
    return free();
  }
}
