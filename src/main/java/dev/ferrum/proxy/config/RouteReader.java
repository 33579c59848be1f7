package dev.ferrum.proxy.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads {@code routes:}. Each route key the route leaves unset is taken from the global record
 * that holds it, so the request path never looks further than its route.
 */
final class RouteReader {

  private final ServerConfig server;
  private final UpstreamConfig upstream;
  private final RetryConfig retry;
  private final HealthCheckConfig health;

  /**
   * @param server the global server section, or null when it has errors
   * @param health the global health_check section, or null when it has errors
   */
  RouteReader(ServerConfig server, UpstreamConfig upstream, RetryConfig retry, HealthCheckConfig health) {
    this.server = server;
    this.upstream = upstream;
    this.retry = retry;
    this.health = health;
  }

  /** Every route that has no errors; the others' errors are reported, and so are conflicts between routes. */
  List<RouteConfig> read(ConfigNode root) {
    List<ConfigNode> nodes = root.sectionList("routes", true);
    if (root.has("routes") && nodes.isEmpty()) {
      root.error("routes", "empty (expected: at least one route)");
    }
    List<RouteConfig> out = new ArrayList<>();
    Set<String> prefixes = new HashSet<>();
    Map<BackendAddress, String> endpointByBackend = new HashMap<>();
    Map<BackendAddress, String> endpointOwner = new HashMap<>();
    for (ConfigNode n : nodes) {
      RouteConfig r = route(n);
      if (r == null) {
        continue;
      }
      if (!prefixes.add(r.pathPrefix())) {
        n.error("path_prefix", ConfigValues.quote(r.pathPrefix()) + " duplicates an earlier route's prefix");
      }
      // The checker probes each backend once, so all routes sharing it must agree on the path.
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

  private RouteConfig route(ConfigNode n) {
    String prefix = n.string("path_prefix", null, true);
    if (prefix != null) {
      String problem = PathRules.prefixProblem(prefix);
      if (problem != null) {
        n.error("path_prefix", ConfigValues.quote(prefix) + " " + problem);
      }
    }
    List<BackendAddress> backends = backends(n);
    String balancingName = n.string("balancing", "round_robin", false);
    Balancing balancing = Balancing.fromYaml(balancingName);
    if (balancing == null) {
      n.error("balancing", ConfigValues.quote(balancingName) + " (expected: round_robin or first_healthy)");
      balancing = Balancing.ROUND_ROBIN;
    }
    List<Integer> retryStatuses = n.statuses("retry_on_statuses");
    List<Integer> passiveStatuses = n.statuses("passive_failure_statuses");
    String endpoint = n.string("health_check_endpoint", null, false);
    if (endpoint != null) {
      PathRules.checkEndpoint(n, "health_check_endpoint", endpoint);
    }
    OptionalLong connect = n.optionalMillis("connect_timeout_ms");
    OptionalLong response = n.optionalMillis("response_timeout_ms");
    OptionalLong read = n.optionalMillis("read_timeout_ms");
    OptionalLong body = n.optionalMillis("client_body_timeout_ms");
    OptionalLong deadline = n.optionalMillis("deadline_ms");
    BodyLimits limits = UpstreamReader.bodyLimits(n, upstream.bodyLimits());
    Forwarding forwarding = new Forwarding(n.bool("strip_prefix", false), n.bool("preserve_host", false));
    RetryConfig ownRetry = RetryReader.read(n.section("retry", false), retry);
    n.finish();
    if (prefix == null || health == null || server == null || ownRetry == null || limits == null) {
      return null;
    }
    // An empty list means "inherit", as in the original.
    RetryConfig routeRetry = retryStatuses == null || retryStatuses.isEmpty() ? ownRetry
        : ownRetry.withRetryOnStatuses(StatusSet.of(retryStatuses));
    StatusSet passive = passiveStatuses == null || passiveStatuses.isEmpty() ? health.passiveFailure()
        : StatusSet.of(passiveStatuses);
    Balancing chosen = balancing;
    BackendGroup group = n.build(() -> new BackendGroup(backends, chosen,
        endpoint != null ? endpoint : health.endpoint(), passive));
    RouteTimeouts timeouts = n.build(() -> new RouteTimeouts(upstream.timeouts().overriddenBy(connect, response, read),
        body.orElse(server.clientBodyTimeoutMs()), deadline));
    if (group == null || timeouts == null) {
      return null;
    }
    return n.build(() -> new RouteConfig(prefix, group, forwarding, timeouts, limits, routeRetry));
  }

  private static List<BackendAddress> backends(ConfigNode n) {
    List<String> urls = n.strings("backends", true);
    List<BackendAddress> backends = new ArrayList<>();
    if (urls == null) {
      return backends;
    }
    if (urls.isEmpty()) {
      n.error("backends", "empty (expected: at least one backend URL)");
    }
    Set<BackendAddress> seen = new HashSet<>();
    for (int i = 0; i < urls.size(); i++) {
      if (urls.get(i) == null) {
        continue;
      }
      String key = "backends[" + i + "]";
      try {
        BackendAddress b = BackendAddress.parse(urls.get(i));
        if (!seen.add(b)) {
          n.error(key, ConfigValues.quote(urls.get(i)) + " is listed twice in this route (as " + b.key() + ")");
        } else {
          backends.add(b);
        }
      } catch (IllegalArgumentException e) {
        n.error(key, ConfigValues.quote(urls.get(i)) + " " + e.getMessage());
      }
    }
    return backends;
  }
}
