package dev.ferrum.proxy.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The closed port the tests use as a dead backend is really closed, and stays so while held. */
class PortsTest {

  @Test
  void aClosedPortRefusesConnectionsAndCannotBeBoundWhileHeld() throws IOException {
    try (Ports.ClosedPort closed = Ports.closed()) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), closed.port());
      try (Socket s = new Socket()) {
        assertThrows(ConnectException.class, () -> s.connect(address, 2000));
      }
      // ServerSocket sets SO_REUSEADDR on Linux: even so the port is taken.
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        assertThrows(BindException.class, () -> s.bind(address));
      }
    }
  }
}
