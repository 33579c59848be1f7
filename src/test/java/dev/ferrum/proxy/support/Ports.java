package dev.ferrum.proxy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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

  /**
   * A loopback TCP port on which connections are refused for as long as the returned holder is
   * open: close it when the test is done (try-with-resources).
   */
  public static ClosedPort closed() {
    return new ClosedPort();
  }

  /**
   * Holds a loopback TCP port closed: a client socket bound to it that never connects nor listens.
   * Nothing listens there, so a connection gets RST (refused), and nobody else can bind the port
   * meanwhile (no SO_REUSEADDR on ours, so every other bind to it fails). A port merely found free
   * is not that: anything may bind it a moment later.
   */
  public static final class ClosedPort implements AutoCloseable {

    private final Socket holder = new Socket();

    private ClosedPort() {
      try {
        holder.setReuseAddress(false);
        holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public int port() {
      return holder.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, a backend that refuses every connection. */
    public String url() {
      return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
      try {
        holder.close();
      } catch (IOException ignored) {
        // nothing to release
      }
    }
  }
}
