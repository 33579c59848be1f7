package dev.ferrum.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that misbehaves on purpose, at the byte level: each accepted connection is handed to
 * a script. Health checks ({@code GET /health}) get a proper 200 so the backend stays in rotation.
 */
public final class FaultyBackend implements AutoCloseable {

  /** What to do with one connection, after its request head was read. */
  @FunctionalInterface
  public interface Script {
    void run(Socket socket, String requestHead, InputStream in, OutputStream out) throws IOException;
  }

  private final ServerSocket server;
  private final Script script;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Integer> requestConnections = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public FaultyBackend(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "faulty-backend-" + server.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Requests other than health checks. */
  public int requests() {
    return requests.get();
  }

  /**
   * For each request other than a health check, in arrival order, the number of the connection it
   * came on (connections are numbered from 1 as they are accepted): a number seen twice is a
   * connection the proxy reused.
   */
  public List<Integer> requestConnections() {
    return List.copyOf(requestConnections);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        int connection = connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s, connection), "faulty-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, int connection) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        if (head.startsWith("GET /health ")) {
          out.write("HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          continue;
        }
        requestConnections.add(connection);
        requests.incrementAndGet();
        script.run(s, head, in, out);
        if (s.isClosed()) {
          return;
        }
      }
    } catch (IOException ignored) {
      // the script or the proxy closed it
    }
  }

  /** Reads up to and including the blank line; null at EOF. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      int n = b.length();
      if (n >= 4 && b.charAt(n - 4) == '\r' && b.charAt(n - 3) == '\n' && b.charAt(n - 2) == '\r' && b.charAt(n - 1) == '\n') {
        return b.toString();
      }
    }
    return null;
  }

  public static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
