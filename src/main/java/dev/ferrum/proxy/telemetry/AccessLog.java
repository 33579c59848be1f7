package dev.ferrum.proxy.telemetry;

import dev.ferrum.proxy.config.AccessLogConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One structured line per request on the {@code ferrum.access} logger. The line is built on the
 * event loop (a few hundred bytes); writing it is left to the logger's appender, which
 * {@code conf/logback.xml} makes {@link BatchingStdoutAppender} so a slow disk or terminal never
 * stalls a request.
 */
public final class AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger("ferrum.access");

  private final boolean enabled;
  private final AccessLogConfig.Format format;

  public AccessLog(AccessLogConfig config) {
    this.enabled = config.enabled() && LOG.isInfoEnabled();
    this.format = config.format();
  }

  public boolean enabled() {
    return enabled;
  }

  public void log(AccessLogEntry e) {
    if (!enabled) {
      return;
    }
    LOG.info(format == AccessLogConfig.Format.JSON ? json(e) : logfmt(e));
  }

  static String logfmt(AccessLogEntry e) {
    StringBuilder b = new StringBuilder(256);
    b.append("time=");
    appendTime(b, e.startEpochMillis());
    field(b, "request_id", e.requestId());
    field(b, "client", e.clientAddress());
    field(b, "method", e.method());
    field(b, "path", e.path());
    b.append(" query_len=").append(e.queryLength());
    field(b, "route", e.routeLabel());
    field(b, "backend", e.backendKey());
    b.append(" status=").append(e.status());
    b.append(" bytes_in=").append(e.requestBytes());
    b.append(" bytes_out=").append(e.responseBytes());
    b.append(" duration_us=").append(e.durationMicros());
    b.append(" attempts=").append(e.attempts());
    field(b, "error", e.errorKind());
    String subject = e.tlsClientSubject();
    if (subject != null) {
      field(b, "tls_client_subject", subject);
    }
    return b.toString();
  }

  /** The text of one UTC second, {@code 2026-11-30T02:04:35.}, shared by every line in it. */
  private record Second(long epochSecond, String text) {}

  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  /**
   * Appends {@code 2026-11-30T02:04:35.097Z}. Formatting an {@code Instant} per line was a third of
   * the access log's cost on the event loop; the date and time change once a second, so that part
   * is formatted once and reused (a racing thread at most formats the same second again).
   */
  static void appendTime(StringBuilder b, long epochMillis) {
    long epochSecond = Math.floorDiv(epochMillis, 1000L);
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    Second s = lastSecond;
    if (s.epochSecond() != epochSecond) {
      s = new Second(epochSecond, DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
          LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)) + ".");
      lastSecond = s;
    }
    b.append(s.text());
    if (millis < 100) {
      b.append('0');
    }
    if (millis < 10) {
      b.append('0');
    }
    b.append(millis).append('Z');
  }

  private static void field(StringBuilder b, String key, String value) {
    b.append(' ').append(key).append('=');
    LineFormat.logfmtValue(b, value);
  }

  static String json(AccessLogEntry e) {
    StringBuilder b = new StringBuilder(320);
    b.append("{\"time\":\"");
    appendTime(b, e.startEpochMillis());
    b.append('"');
    jfield(b, "request_id", e.requestId());
    jfield(b, "client", e.clientAddress());
    jfield(b, "method", e.method());
    jfield(b, "path", e.path());
    b.append(",\"query_len\":").append(e.queryLength());
    jfield(b, "route", e.routeLabel());
    jfield(b, "backend", e.backendKey());
    b.append(",\"status\":").append(e.status());
    b.append(",\"bytes_in\":").append(e.requestBytes());
    b.append(",\"bytes_out\":").append(e.responseBytes());
    b.append(",\"duration_us\":").append(e.durationMicros());
    b.append(",\"attempts\":").append(e.attempts());
    jfield(b, "error", e.errorKind());
    if (e.tlsClientSubject() != null) {
      jfield(b, "tls_client_subject", e.tlsClientSubject());
    }
    return b.append('}').toString();
  }

  private static void jfield(StringBuilder b, String key, String value) {
    b.append(",\"").append(key).append("\":");
    LineFormat.jsonValue(b, value);
  }
}
