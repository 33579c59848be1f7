package dev.ferrum.proxy.telemetry;

import dev.ferrum.proxy.config.AccessLogConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operational events (health transitions, reloads, shutdown phases, config errors) as one
 * structured line each, in the same format as the access log: {@code event=name key=value ...}
 * (logfmt) or one JSON object. Written through the {@code ferrum.event} logger, whose appender
 * {@code conf/logback.xml} configures.
 */
public final class EventLog {

  private static final Logger LOG = LoggerFactory.getLogger("ferrum.event");
  private static volatile AccessLogConfig.Format format = AccessLogConfig.Format.LOGFMT;

  private EventLog() {
  }

  public static void useFormat(AccessLogConfig.Format f) {
    format = f;
  }

  public static void info(String event, Object... keyValues) {
    if (LOG.isInfoEnabled()) {
      LOG.info(render("INFO", event, keyValues));
    }
  }

  public static void warn(String event, Object... keyValues) {
    if (LOG.isWarnEnabled()) {
      LOG.warn(render("WARN", event, keyValues));
    }
  }

  public static void error(String event, Object... keyValues) {
    LOG.error(render("ERROR", event, keyValues));
  }

  static String render(String level, String event, Object... kv) {
    StringBuilder b = new StringBuilder(96 + kv.length * 16);
    String ts = java.time.Instant.now().toString();
    if (format == AccessLogConfig.Format.JSON) {
      b.append("{\"time\":\"").append(ts).append("\",\"level\":\"").append(level).append("\",\"event\":");
      LineFormat.jsonString(b, event);
      for (int i = 0; i + 1 < kv.length; i += 2) {
        b.append(',');
        LineFormat.jsonString(b, String.valueOf(kv[i]));
        b.append(':');
        LineFormat.jsonValue(b, kv[i + 1]);
      }
      b.append('}');
    } else {
      b.append("time=").append(ts).append(" level=").append(level).append(" event=").append(event);
      for (int i = 0; i + 1 < kv.length; i += 2) {
        b.append(' ').append(kv[i]).append('=');
        LineFormat.logfmtValue(b, kv[i + 1]);
      }
    }
    return b.toString();
  }
}
