package dev.ferrum.proxy.telemetry;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessLogTest {

  private static String time(long millis) {
    StringBuilder b = new StringBuilder();
    AccessLog.appendTime(b, millis);
    return b.toString();
  }

  @Test
  void timeIsIsoUtcWithMillisecondsLikeInstantButAlwaysThreeDigits() {
    SplittableRandom r = new SplittableRandom(7);
    long t = 1_796_000_000_000L;
    for (int i = 0; i < 20_000; i++) {
      // Mostly close together (the cached second is reused), sometimes far apart.
      t += i % 100 == 0 ? r.nextLong(-5_000_000_000L, 5_000_000_000L) : r.nextInt(0, 400);
      String expected = Instant.ofEpochMilli(t).toString();
      if (t % 1000 == 0) {
        expected = expected.replace("Z", ".000Z"); // Instant leaves out a zero fraction
      }
      assertEquals(expected, time(t));
    }
    assertEquals("1970-01-01T00:00:00.000Z", time(0));
    assertEquals("1969-12-31T23:59:59.999Z", time(-1));
    assertEquals("2026-11-30T02:04:35.007Z", time(Instant.parse("2026-11-30T02:04:35.007Z").toEpochMilli()));
  }

  private static AccessLogEntry entry(String subject) {
    return new AccessLogEntry() {
      public long startEpochMillis() { return 0; }
      public String requestId() { return "id1"; }
      public String clientAddress() { return "127.0.0.1"; }
      public String method() { return "GET"; }
      public String path() { return "/a"; }
      public int queryLength() { return 0; }
      public String routeLabel() { return "/a"; }
      public String backendKey() { return "http://b:1"; }
      public int status() { return 200; }
      public long requestBytes() { return 0; }
      public long responseBytes() { return 5; }
      public long durationMicros() { return 10; }
      public int attempts() { return 1; }
      public String errorKind() { return null; }
      public String tlsClientSubject() { return subject; }
    };
  }

  @Test
  void theClientCertificateSubjectIsLoggedOnlyWhenThereIsOne() {
    String with = AccessLog.logfmt(entry("CN=client.example,O=Acme Inc"));
    org.junit.jupiter.api.Assertions.assertTrue(with.endsWith(" tls_client_subject=\"CN=client.example,O=Acme Inc\""),
        with);
    org.junit.jupiter.api.Assertions.assertFalse(AccessLog.logfmt(entry(null)).contains("tls_client_subject"));
    org.junit.jupiter.api.Assertions.assertTrue(AccessLog.json(entry("CN=c")).contains("\"tls_client_subject\":\"CN=c\""),
        AccessLog.json(entry("CN=c")));
  }
}
