package dev.ferrum.proxy.config;

import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the JSON that vertx-config-yaml made of {@code config.yaml} into a {@link ProxyConfig}.
 * Accepts every key of the original proxy with the same meaning and default, rejects unknown
 * keys, and reports all problems at once, each as {@code <key path>: <problem>}.
 *
 * <p>Checking {@code server.host} may resolve a host name, so call this off the event loop.
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  public static ProxyConfig load(JsonObject json) throws ConfigException {
    return load(json, ConfigLoader::resolves);
  }

  /** As {@link #load(JsonObject)}, with the host-name check supplied (tests avoid DNS). */
  public static ProxyConfig load(JsonObject json, Predicate<String> hostResolves) throws ConfigException {
    List<String> errors = new ArrayList<>();
    ProxyConfig config;
    try {
      config = read(json == null ? new JsonObject() : json, hostResolves, errors);
    } catch (RuntimeException e) {
      // A reader bug must still come out as a config error, never as a crash.
      errors.add("config: could not be read (" + e.getClass().getSimpleName() + ")");
      config = null;
    }
    if (!errors.isEmpty() || config == null) {
      throw new ConfigException(errors.isEmpty() ? List.of("config: could not be read") : errors);
    }
    return config;
  }

  private static ProxyConfig read(JsonObject json, Predicate<String> hostResolves, List<String> errors) {
    ConfigNode root = ConfigNode.root(json, errors);
    ServerConfig server = server(root.section("server", true), hostResolves);
    UpstreamConfig upstream = upstream(root.section("upstream", false));
    RetryConfig retry = retry(root.section("retry", false), null);
    HealthCheckConfig health = health(root.section("health_check", true));
    DebugConfig debug = debug(root.section("debug", false));
    AccessLogConfig accessLog = accessLog(root.section("access_log", false));
    MetricsConfig metrics = metrics(root.section("metrics", false));
    boolean upstreamResponseTimeoutSet = hasKey(json, "upstream", "response_timeout_ms");
    List<RouteConfig> routes = routes(root, server, upstream, upstreamResponseTimeoutSet, retry, health);
    root.finish();
    if (server == null || health == null || !errors.isEmpty()) {
      return null;
    }
    return new ProxyConfig(server, List.copyOf(routes), health, upstream, retry, debug, accessLog, metrics);
  }

  /** Whether {@code json.section.key} is present, read straight from the document. */
  private static boolean hasKey(JsonObject json, String section, String key) {
    Object s = json.getValue(section);
    return s instanceof JsonObject j && j.getValue(key) != null;
  }

  private static ServerConfig server(ConfigNode n, Predicate<String> hostResolves) {
    if (n == null) {
      return null;
    }
    int port = (int) n.integer("port", 0, 1, 65535, true);
    String host = n.string("host", "", true);
    if (n.has("host") && host.trim().isEmpty()) {
      n.error("host", "\"\" (expected: an IP address or a host name)");
    } else if (!host.isEmpty() && !hostResolves.test(host.trim())) {
      n.error("host", ConfigNode.quote(host) + " does not resolve to an address on this machine's resolver");
    }
    ServerConfig s = new ServerConfig(
        stripBrackets(host.trim()),
        port,
        (int) n.integer("instances", ServerConfig.defaultInstances(), 1, 256, false),
        n.millis("graceful_shutdown_timeout_ms", ServerConfig.DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT_MS, false),
        n.millis("client_header_timeout_ms", ServerConfig.DEFAULT_CLIENT_HEADER_TIMEOUT_MS, false),
        n.millis("client_body_timeout_ms", ServerConfig.DEFAULT_CLIENT_BODY_TIMEOUT_MS, false),
        n.millis("keepalive_timeout_ms", ServerConfig.DEFAULT_KEEPALIVE_TIMEOUT_MS, false),
        n.millis("client_send_timeout_ms", ServerConfig.DEFAULT_CLIENT_SEND_TIMEOUT_MS, false),
        n.bool("fail_on_startup_dead_pool", false),
        n.integer("config_scan_period_ms", ServerConfig.DEFAULT_CONFIG_SCAN_PERIOD_MS, 100, 3_600_000, false),
        (int) n.integer("max_header_bytes", ServerConfig.DEFAULT_MAX_HEADER_BYTES, 1024, 1 << 20, false),
        (int) n.integer("max_header_count", ServerConfig.DEFAULT_MAX_HEADER_COUNT, 8, 10_000, false),
        (int) n.integer("max_request_line_bytes", ServerConfig.DEFAULT_MAX_REQUEST_LINE_BYTES, 256, 1 << 20, false),
        n.bool("trust_forwarded_headers", false));
    n.finish();
    return s;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static UpstreamConfig upstream(ConfigNode n) {
    if (n == null) {
      return new UpstreamConfig(UpstreamConfig.DEFAULT_CONNECT_TIMEOUT_MS, UpstreamConfig.DEFAULT_CONNECT_TIMEOUT_MS,
          UpstreamConfig.DEFAULT_READ_TIMEOUT_MS, UpstreamConfig.DEFAULT_MAX_REQUEST_BODY_BYTES,
          UpstreamConfig.DEFAULT_MAX_RESPONSE_BODY_BYTES, UpstreamConfig.DEFAULT_MAX_BUFFERED_BODIES,
          UpstreamConfig.DEFAULT_POOL_SIZE_PER_BACKEND, UpstreamConfig.DEFAULT_IDLE_CONNECTION_TIMEOUT_MS);
    }
    long connect = n.millis("connect_timeout_ms", UpstreamConfig.DEFAULT_CONNECT_TIMEOUT_MS, false);
    UpstreamConfig u = new UpstreamConfig(
        connect,
        // Absent: the original's "connect" timeout also covered waiting for the response head.
        n.millis("response_timeout_ms", connect, false),
        n.millis("read_timeout_ms", UpstreamConfig.DEFAULT_READ_TIMEOUT_MS, false),
        n.integer("max_request_body_bytes", UpstreamConfig.DEFAULT_MAX_REQUEST_BODY_BYTES, 1, Long.MAX_VALUE, false),
        n.integer("max_response_body_bytes", UpstreamConfig.DEFAULT_MAX_RESPONSE_BODY_BYTES, 1, Long.MAX_VALUE, false),
        (int) n.integer("max_buffered_bodies", UpstreamConfig.DEFAULT_MAX_BUFFERED_BODIES, 1, 1_000_000, false),
        (int) n.integer("pool_size_per_backend", UpstreamConfig.DEFAULT_POOL_SIZE_PER_BACKEND, 1, 100_000, false),
        n.millis("idle_connection_timeout_ms", UpstreamConfig.DEFAULT_IDLE_CONNECTION_TIMEOUT_MS, false));
    n.finish();
    return u;
  }

  /** Reads a retry section; with a parent, absent keys inherit the parent's values. */
  private static RetryConfig retry(ConfigNode n, RetryConfig parent) {
    RetryConfig base = parent != null ? parent : new RetryConfig(
        RetryConfig.DEFAULT_MAX_ATTEMPTS, RetryConfig.DEFAULT_TOTAL_TIMEOUT_MS, RetryConfig.DEFAULT_BACKOFF_MS,
        StatusSet.of(RetryConfig.DEFAULT_RETRY_ON_STATUSES), false, RetryConfig.DEFAULT_MAX_BUFFERED_BODY_BYTES,
        RetryConfig.DEFAULT_BUFFER_BUDGET_BYTES, RetryConfig.DEFAULT_BUDGET_PERCENT,
        RetryConfig.DEFAULT_MIN_RETRIES_PER_SECOND);
    if (n == null) {
      return base;
    }
    List<Integer> statuses = n.statuses("retry_on_statuses");
    RetryConfig r = new RetryConfig(
        (int) n.integer("max_attempts", base.maxAttempts(), 1, 10, false),
        n.millis("total_timeout_ms", base.totalTimeoutMs(), false),
        n.integer("backoff_ms", base.backoffMs(), 0, 60_000, false),
        statuses == null || statuses.isEmpty() ? base.retryOnStatuses() : StatusSet.of(statuses),
        n.bool("retry_idempotent_methods", base.retryIdempotentMethods()),
        n.integer("max_buffered_body_bytes", base.maxBufferedBodyBytes(), 0, 64L << 20, false),
        parent != null ? base.bufferBudgetBytes()
            : n.integer("buffer_budget_bytes", base.bufferBudgetBytes(), 0, 16L << 30, false),
        (int) n.integer("budget_percent", base.budgetPercent(), 0, 1000, false),
        (int) n.integer("min_retries_per_second", base.minRetriesPerSecond(), 0, 1_000_000, false));
    n.finish();
    return r;
  }

  private static HealthCheckConfig health(ConfigNode n) {
    if (n == null) {
      return null;
    }
    long interval = n.integer("interval_sec", 10, 1, 86_400, true);
    String endpoint = n.string("endpoint", "/health", true);
    checkEndpoint(n, "endpoint", endpoint);
    long checkTimeout = n.millis("check_timeout_ms", HealthCheckConfig.DEFAULT_CHECK_TIMEOUT_MS, false);
    int failure = (int) n.integer("failure_threshold", HealthCheckConfig.DEFAULT_FAILURE_THRESHOLD, 1, 10_000_000, false);
    int recovery = (int) n.integer("recovery_threshold", HealthCheckConfig.DEFAULT_RECOVERY_THRESHOLD, 1, 10_000_000, false);
    long ejection = n.millis("ejection_duration_ms", HealthCheckConfig.DEFAULT_EJECTION_DURATION_MS, false);
    long maxEjection = n.millis("max_ejection_duration_ms",
        Math.max(ejection, HealthCheckConfig.DEFAULT_MAX_EJECTION_DURATION_MS), false);
    if (maxEjection < ejection) {
      n.error("max_ejection_duration_ms", maxEjection + " (expected: >= ejection_duration_ms " + ejection + ")");
    }
    StatusSet active = statusRange(n, "active_success_status", 200, 399);
    StatusSet passive = statusRange(n, "passive_failure_status", 500, 599);
    int probes = (int) n.integer("probe_requests", HealthCheckConfig.DEFAULT_PROBE_REQUESTS, 1, 100, false);
    n.finish();
    return new HealthCheckConfig(interval, endpoint, checkTimeout, failure, recovery, ejection, maxEjection,
        active, passive, probes);
  }

  private static StatusSet statusRange(ConfigNode n, String prefix, int defMin, int defMax) {
    int min = (int) n.integer(prefix + "_min", defMin, 100, 599, false);
    int max = (int) n.integer(prefix + "_max", defMax, 100, 599, false);
    if (min > max) {
      n.error(prefix + "_min", min + " (expected: <= " + prefix + "_max " + max + ")");
      return StatusSet.range(defMin, defMax);
    }
    return StatusSet.range(min, max);
  }

  private static DebugConfig debug(ConfigNode n) {
    if (n == null) {
      return new DebugConfig(true, true, null);
    }
    boolean health = n.bool("expose_backend_health", true);
    boolean metrics = n.bool("expose_metrics", true);
    String token = n.string("auth_token", null, false);
    if (token != null && token.trim().isEmpty()) {
      n.error("auth_token", "must not be empty when provided (remove the key to leave the endpoints open)");
      token = null;
    }
    n.finish();
    return new DebugConfig(health, metrics, token);
  }

  private static MetricsConfig metrics(ConfigNode n) {
    if (n == null) {
      return MetricsConfig.DEFAULT;
    }
    MetricsConfig m = new MetricsConfig(n.bool("vertx_http_metrics", false));
    n.finish();
    return m;
  }

  private static AccessLogConfig accessLog(ConfigNode n) {
    if (n == null) {
      return AccessLogConfig.DEFAULT;
    }
    boolean enabled = n.bool("enabled", true);
    String format = n.string("format", "logfmt", false);
    AccessLogConfig.Format f = switch (format.toLowerCase(Locale.ROOT)) {
      case "logfmt" -> AccessLogConfig.Format.LOGFMT;
      case "json" -> AccessLogConfig.Format.JSON;
      default -> {
        n.error("format", ConfigNode.quote(format) + " (expected: logfmt or json)");
        yield AccessLogConfig.Format.LOGFMT;
      }
    };
    n.finish();
    return new AccessLogConfig(enabled, f);
  }

  private static List<RouteConfig> routes(ConfigNode root, ServerConfig server, UpstreamConfig upstream,
      boolean upstreamResponseTimeoutSet, RetryConfig retry, HealthCheckConfig health) {
    List<ConfigNode> nodes = root.sectionList("routes", true);
    if (root.has("routes") && nodes.isEmpty()) {
      root.error("routes", "empty (expected: at least one route)");
    }
    List<RouteConfig> out = new ArrayList<>();
    Set<String> prefixes = new HashSet<>();
    Map<BackendAddress, String> endpointByBackend = new HashMap<>();
    Map<BackendAddress, String> endpointOwner = new HashMap<>();
    for (ConfigNode n : nodes) {
      RouteConfig r = route(n, server, upstream, upstreamResponseTimeoutSet, retry, health);
      if (r == null) {
        continue;
      }
      if (!prefixes.add(r.pathPrefix())) {
        n.error("path_prefix", ConfigNode.quote(r.pathPrefix()) + " duplicates an earlier route's prefix");
      }
      for (BackendAddress b : r.backends()) {
        String prev = endpointByBackend.putIfAbsent(b, r.healthCheckEndpoint());
        if (prev == null) {
          endpointOwner.put(b, n.path());
        } else if (!prev.equals(r.healthCheckEndpoint())) {
          n.error("health_check_endpoint", "backend " + b.key() + " is used by multiple routes with conflicting"
              + " health check endpoints ('" + prev + "' in " + endpointOwner.get(b) + " vs '"
              + r.healthCheckEndpoint() + "')");
        }
      }
      out.add(r);
    }
    return out;
  }

  private static RouteConfig route(ConfigNode n, ServerConfig server, UpstreamConfig upstream,
      boolean upstreamResponseTimeoutSet, RetryConfig globalRetry, HealthCheckConfig health) {
    String prefix = n.string("path_prefix", null, true);
    if (prefix != null) {
      String problem = prefixProblem(prefix);
      if (problem != null) {
        n.error("path_prefix", ConfigNode.quote(prefix) + " " + problem);
      }
    }
    List<String> urls = n.strings("backends", true);
    List<BackendAddress> backends = new ArrayList<>();
    if (urls != null) {
      if (urls.isEmpty()) {
        n.error("backends", "empty (expected: at least one backend URL)");
      }
      Set<BackendAddress> seen = new HashSet<>();
      for (int i = 0; i < urls.size(); i++) {
        String key = "backends[" + i + "]";
        try {
          BackendAddress b = BackendAddress.parse(urls.get(i));
          if (!seen.add(b)) {
            n.error(key, ConfigNode.quote(urls.get(i)) + " is listed twice in this route (as " + b.key() + ")");
          } else {
            backends.add(b);
          }
        } catch (IllegalArgumentException e) {
          n.error(key, ConfigNode.quote(urls.get(i)) + " " + e.getMessage());
        }
      }
    }
    String balancingName = n.string("balancing", "round_robin", false);
    Balancing balancing = Balancing.fromYaml(balancingName);
    if (balancing == null) {
      n.error("balancing", ConfigNode.quote(balancingName) + " (expected: round_robin or first_healthy)");
      balancing = Balancing.ROUND_ROBIN;
    }
    List<Integer> retryStatuses = n.statuses("retry_on_statuses");
    List<Integer> passiveStatuses = n.statuses("passive_failure_statuses");
    String endpoint = n.string("health_check_endpoint", null, false);
    if (endpoint != null) {
      checkEndpoint(n, "health_check_endpoint", endpoint);
    }
    long connect = n.optionalMillis("connect_timeout_ms");
    long response = n.optionalMillis("response_timeout_ms");
    long read = n.optionalMillis("read_timeout_ms");
    long body = n.optionalMillis("client_body_timeout_ms");
    long deadline = n.optionalMillis("deadline_ms");
    long maxReq = n.integer("max_request_body_bytes", upstream.maxRequestBodyBytes(), 1, Long.MAX_VALUE, false);
    long maxResp = n.integer("max_response_body_bytes", upstream.maxResponseBodyBytes(), 1, Long.MAX_VALUE, false);
    boolean strip = n.bool("strip_prefix", false);
    boolean preserveHost = n.bool("preserve_host", false);
    RetryConfig retry = retry(n.section("retry", false), globalRetry);
    if (retryStatuses != null && !retryStatuses.isEmpty()) {
      retry = new RetryConfig(retry.maxAttempts(), retry.totalTimeoutMs(), retry.backoffMs(),
          StatusSet.of(retryStatuses), retry.retryIdempotentMethods(), retry.maxBufferedBodyBytes(),
          retry.bufferBudgetBytes(), retry.budgetPercent(), retry.minRetriesPerSecond());
    }
    n.finish();
    if (prefix == null || health == null || server == null) {
      return null;
    }
    long effectiveConnect = connect > 0 ? connect : upstream.connectTimeoutMs();
    long effectiveResponse = response > 0 ? response
        : upstreamResponseTimeoutSet ? upstream.responseTimeoutMs() : effectiveConnect;
    return new RouteConfig(
        prefix,
        List.copyOf(backends),
        balancing,
        passiveStatuses != null && !passiveStatuses.isEmpty() ? StatusSet.of(passiveStatuses) : health.passiveFailure(),
        endpoint != null ? endpoint : health.endpoint(),
        effectiveConnect,
        effectiveResponse,
        read > 0 ? read : upstream.readTimeoutMs(),
        body > 0 ? body : server.clientBodyTimeoutMs(),
        deadline,
        maxReq,
        maxResp,
        strip,
        preserveHost,
        retry);
  }

  private static void checkEndpoint(ConfigNode n, String key, String endpoint) {
    if (!endpoint.startsWith("/")) {
      n.error(key, ConfigNode.quote(endpoint) + " (expected: a path starting with '/')");
    } else if (hasControlOrSpace(endpoint)) {
      n.error(key, ConfigNode.quote(endpoint) + " (expected: a path without spaces or control characters)");
    }
  }

  /** Why a route prefix cannot be matched against normalised paths, or null when it is fine. */
  static String prefixProblem(String prefix) {
    if (!prefix.startsWith("/")) {
      return "(expected: a path starting with '/')";
    }
    if (hasControlOrSpace(prefix) || prefix.indexOf('?') >= 0 || prefix.indexOf('#') >= 0
        || prefix.indexOf('\\') >= 0 || prefix.indexOf('%') >= 0) {
      return "(expected: a plain path without spaces, '?', '#', '%' or '\\')";
    }
    if (prefix.contains("//")) {
      return "(expected: no empty path segment '//')";
    }
    for (String seg : prefix.split("/")) {
      if (seg.equals(".") || seg.equals("..")) {
        return "(expected: no '.' or '..' segments)";
      }
    }
    return null;
  }

  private static boolean hasControlOrSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static boolean resolves(String host) {
    try {
      InetAddress.getByName(stripBrackets(host));
      return true;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }
}
