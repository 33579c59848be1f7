package dev.ferrum.proxy.tls;

import dev.ferrum.proxy.config.ServerTlsConfig;
import dev.ferrum.proxy.config.TlsCertificate;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Notices when the listener's certificate or key files change (certbot, cert-manager and the like
 * replace them in place) by their content, on the config scan period and on demand (SIGHUP). A
 * change is checked whole before anyone uses it: good, and {@code onGood} runs; bad, and
 * {@code onBad} gets one line per distinct bad content while the old certificates keep serving.
 * Reading and checking run on a worker thread, never on the event loop.
 */
public final class CertificateWatch {

  private final Vertx vertx;
  private final ServerTlsConfig tls;
  private final Runnable onGood;
  private final Consumer<String> onBad;
  private final long timerId;
  private byte[] served;
  private byte[] rejected;
  private boolean scanning;

  private CertificateWatch(Vertx vertx, ServerTlsConfig tls, long periodMs, Runnable onGood, Consumer<String> onBad,
      byte[] served) {
    this.vertx = vertx;
    this.tls = tls;
    this.onGood = onGood;
    this.onBad = onBad;
    this.served = served;
    this.timerId = vertx.setPeriodic(periodMs, id -> scan());
  }

  /** Starts watching the files as they are now (read on a worker thread). */
  public static io.vertx.core.Future<CertificateWatch> start(Vertx vertx, ServerTlsConfig tls, long periodMs,
      Runnable onGood, Consumer<String> onBad) {
    return vertx.executeBlocking(() -> fingerprint(tls), false)
        .map(now -> new CertificateWatch(vertx, tls, periodMs, onGood, onBad, now));
  }

  /** Looks at the files now. */
  public void scan() {
    if (scanning) {
      return;
    }
    scanning = true;
    vertx.executeBlocking(() -> {
      byte[] now = fingerprint(tls);
      if (Arrays.equals(now, served) || Arrays.equals(now, rejected)) {
        return new Result(now, false, null);
      }
      List<String> problems = new ArrayList<>();
      for (TlsCertificate c : tls.all()) {
        String p = CertificateCheck.problem(vertx, c);
        if (p != null) {
          problems.add(p);
        }
      }
      return new Result(now, true, problems.isEmpty() ? null : String.join("; ", problems));
    }, false).onComplete(ar -> {
      scanning = false;
      if (ar.failed() || !ar.result().changed()) {
        return;
      }
      Result r = ar.result();
      if (r.problem() == null) {
        served = r.fingerprint();
        rejected = null;
        onGood.run();
      } else {
        rejected = r.fingerprint();
        onBad.accept(r.problem());
      }
    });
  }

  public void close() {
    vertx.cancelTimer(timerId);
  }

  private record Result(byte[] fingerprint, boolean changed, String problem) {
  }

  /** A digest of every file's content (a missing file counts as its own content). */
  private static byte[] fingerprint(ServerTlsConfig tls) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (TlsCertificate c : tls.all()) {
        for (String f : List.of(c.certFile(), c.keyFile())) {
          d.update(f.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          try {
            d.update(Files.readAllBytes(Path.of(f)));
          } catch (IOException e) {
            d.update((byte) 0);
          }
        }
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
