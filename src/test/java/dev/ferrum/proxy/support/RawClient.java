package dev.ferrum.proxy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A plain TCP client speaking HTTP/1.1 by hand: for malformed, slow or partial requests. */
public final class RawClient implements AutoCloseable {

  /** A response read off the wire. */
  public record RawResponse(int status, String statusLine, Map<String, String> headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(15_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public RawClient timeout(int ms) throws IOException {
    socket.setSoTimeout(ms);
    return this;
  }

  public RawClient send(String s) throws IOException {
    return send(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawClient send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
    return this;
  }

  /** Reads only a response head (for HEAD requests and 304s, which have no body whatever they declare). */
  public RawResponse readHead() throws IOException {
    return read(false);
  }

  /** Reads one response: head, then a Content-Length or chunked body. */
  public RawResponse read() throws IOException {
    return read(true);
  }

  private RawResponse read(boolean withBody) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int c = l.indexOf(':');
      headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (status == 100 || !withBody) {
      return new RawResponse(status, statusLine, headers, new byte[0]);
    }
    String cl = headers.get("content-length");
    if (cl != null) {
      long n = Long.parseLong(cl);
      for (long i = 0; i < n; i++) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("body cut after " + i + " of " + n + " bytes");
        }
        body.write(b);
      }
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        String size = line();
        if (size == null) {
          throw new IOException("chunked body cut");
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          line();
          break;
        }
        for (int i = 0; i < n; i++) {
          int b = in.read();
          if (b < 0) {
            throw new IOException("chunk cut");
          }
          body.write(b);
        }
        line();
      }
    }
    return new RawResponse(status, statusLine, headers, body.toByteArray());
  }

  /** True when the server closed the connection (EOF or reset) within the socket timeout. */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = b.length();
        if (len > 0 && b.charAt(len - 1) == '\r') {
          b.setLength(len - 1);
        }
        return b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
