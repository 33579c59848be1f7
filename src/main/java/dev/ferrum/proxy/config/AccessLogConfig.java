package dev.ferrum.proxy.config;

/** The per-request access log ({@code access_log:}). */
public record AccessLogConfig(boolean enabled, Format format) {

  public enum Format { LOGFMT, JSON }

  public static final AccessLogConfig DEFAULT = new AccessLogConfig(true, Format.LOGFMT);
}
