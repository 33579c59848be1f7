package dev.ferrum.proxy.config;

import dev.ferrum.proxy.support.YamlConfigs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

  /** The original proxy's shipped config.yaml at HEAD (§1.5 of the behaviour notes). */
  static final String ORIGINAL = """
      server:
        port: 8080
        host: 0.0.0.0
        graceful_shutdown_timeout_ms: 30000
        client_header_timeout_ms: 10000
        client_body_timeout_ms: 15000

      routes:
        - path_prefix: /api
          backends:
            - http://127.0.0.1:3001
            - http://127.0.0.1:3002
            - http://127.0.0.1:3003

        - path_prefix: /static
          backends:
            - http://127.0.0.1:4000

      health_check:
        interval_sec: 10
        endpoint: /health
        failure_threshold: 3
        recovery_threshold: 2
        ejection_duration_ms: 30000
        active_success_status_min: 200
        active_success_status_max: 399
        passive_failure_status_min: 500
        passive_failure_status_max: 599

      upstream:
        connect_timeout_ms: 3000
        read_timeout_ms: 15000
        max_request_body_bytes: 16777216
        max_response_body_bytes: 67108864

      retry:
        max_attempts: 2
        total_timeout_ms: 5000
        backoff_ms: 50
        retry_on_statuses: [502, 503, 504]

      debug:
        expose_backend_health: true
        expose_metrics: true
        auth_token: change-me
      """;

  static final String MINIMAL = """
      server:
        port: 8080
        host: 127.0.0.1
      routes:
        - path_prefix: /api
          backends: [http://127.0.0.1:3001]
      health_check:
        interval_sec: 10
        endpoint: /health
      """;

  @Test
  void loadsTheOriginalShippedConfigUnchanged() throws Exception {
    ProxyConfig c = YamlConfigs.load(ORIGINAL);
    assertEquals(8080, c.server().port());
    assertEquals("0.0.0.0", c.server().host());
    assertEquals(2, c.routes().size());
    assertEquals(List.of("http://127.0.0.1:3001", "http://127.0.0.1:3002", "http://127.0.0.1:3003"),
        c.routes().get(0).backends().stream().map(BackendAddress::key).toList());
    assertEquals(2, c.retry().maxAttempts());
    assertEquals(50, c.retry().backoffMs());
    assertEquals("change-me", c.debug().authToken());
    assertTrue(c.routes().get(0).retryOnStatuses().contains(503));
    assertTrue(c.routes().get(0).passiveFailure().contains(500));
    assertFalse(c.routes().get(0).passiveFailure().contains(499));
  }

  @Test
  void appliesTheOriginalDefaults() throws Exception {
    ProxyConfig c = YamlConfigs.load(MINIMAL);
    assertEquals(30_000, c.server().gracefulShutdownTimeoutMs());
    assertEquals(10_000, c.server().clientHeaderTimeoutMs());
    assertEquals(15_000, c.server().clientBodyTimeoutMs());
    assertFalse(c.server().failOnStartupDeadPool());
    assertEquals(5_000, c.healthCheck().checkTimeoutMs());
    assertEquals(3, c.healthCheck().failureThreshold());
    assertEquals(2, c.healthCheck().recoveryThreshold());
    assertEquals(30_000, c.healthCheck().ejectionDurationMs());
    assertEquals(3_000, c.upstream().connectTimeoutMs());
    assertEquals(15_000, c.upstream().readTimeoutMs());
    assertEquals(16L << 20, c.upstream().maxRequestBodyBytes());
    assertEquals(64L << 20, c.upstream().maxResponseBodyBytes());
    assertEquals(100, c.replayBudget().maxBufferedBodies());
    assertEquals(32L << 20, c.replayBudget().bufferBudgetBytes());
    assertEquals(1, c.retry().maxAttempts());
    assertEquals(5_000, c.retry().totalTimeoutMs());
    assertEquals(List.of(502, 503, 504), c.retry().retryOnStatuses().codes());
    assertFalse(c.retry().retryIdempotentMethods());
    assertTrue(c.debug().exposeBackendHealth());
    assertTrue(c.debug().exposeMetrics());
    assertEquals(null, c.debug().authToken());
    RouteConfig r = c.routes().get(0);
    assertEquals(Balancing.ROUND_ROBIN, r.balancing());
    assertEquals("/health", r.healthCheckEndpoint());
    // The original's connect timeout also covered the response head: same default here.
    assertEquals(3_000, r.responseTimeoutMs());
    assertFalse(r.stripPrefix());
    assertFalse(r.preserveHost());
  }

  @Test
  void resolvesPerRouteOverrides() throws Exception {
    ProxyConfig c = YamlConfigs.load(MINIMAL.replace("backends: [http://127.0.0.1:3001]", """
        backends: [http://127.0.0.1:3001]
            balancing: first_healthy
            connect_timeout_ms: 111
            read_timeout_ms: 222
            client_body_timeout_ms: 333
            response_timeout_ms: 444
            retry_on_statuses: [429]
            passive_failure_statuses: [429, 503]
            health_check_endpoint: /ready
            strip_prefix: true
            preserve_host: true
            retry:
              max_attempts: 3"""));
    RouteConfig r = c.routes().get(0);
    assertEquals(Balancing.FIRST_HEALTHY, r.balancing());
    assertEquals(111, r.connectTimeoutMs());
    assertEquals(222, r.readTimeoutMs());
    assertEquals(333, r.clientBodyTimeoutMs());
    assertEquals(444, r.responseTimeoutMs());
    assertEquals(List.of(429), r.retryOnStatuses().codes());
    assertTrue(r.passiveFailure().contains(503));
    assertFalse(r.passiveFailure().contains(500));
    assertEquals("/ready", r.healthCheckEndpoint());
    assertTrue(r.stripPrefix());
    assertTrue(r.preserveHost());
    assertEquals(3, r.retry().maxAttempts());
    assertEquals(1, c.retry().maxAttempts());
  }

  @Test
  void rejectsAnUnknownKeyNamingItsPath() {
    List<String> errors = YamlConfigs.errors(MINIMAL + "retry:\n  max_attemps: 3\n");
    assertEquals(List.of("retry.max_attemps: unknown key"), errors);
  }

  @Test
  void rejectsUnknownKeysAtEveryLevel() {
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("path_prefix: /api", "path_prefix: /api\n    strip_prefx: true")
        + "extra_section: 1\n");
    assertTrue(errors.contains("routes[0].strip_prefx: unknown key"), errors.toString());
    assertTrue(errors.contains("extra_section: unknown key"), errors.toString());
  }

  @Test
  void namesKeyPathAndValueForBadValues() {
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("port: 8080", "port: 70000")
        .replace("interval_sec: 10", "interval_sec: \"ten\""));
    assertTrue(errors.contains("server.port: 70000 (expected: 1-65535)"), errors.toString());
    assertTrue(errors.contains("health_check.interval_sec: \"ten\" (expected: an integer 1-86400)"), errors.toString());
  }

  @Test
  void rejectsZeroTimeoutsAndLimitsLikeTheOriginal() {
    List<String> errors = YamlConfigs.errors(MINIMAL + """
        upstream:
          connect_timeout_ms: 0
          max_request_body_bytes: 0
        retry:
          max_attempts: 0
        """);
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("upstream.connect_timeout_ms: 0")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("upstream.max_request_body_bytes: 0")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("retry.max_attempts: 0")), errors.toString());
  }

  @Test
  void boundsStatusCodes() {
    List<String> errors = YamlConfigs.errors(MINIMAL + "retry:\n  retry_on_statuses: [99, 503, 600]\n");
    assertTrue(errors.contains("retry.retry_on_statuses[0]: 99 (expected: a status code 100-599)"), errors.toString());
    assertTrue(errors.contains("retry.retry_on_statuses[2]: 600 (expected: a status code 100-599)"), errors.toString());
  }

  @Test
  void rejectsHttpsBackendsWithAClearMessage() {
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("http://127.0.0.1:3001", "https://127.0.0.1:3001"));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).startsWith("routes[0].backends[0]: \"https://127.0.0.1:3001\" uses https"), errors.get(0));
    assertTrue(errors.get(0).contains("does not originate TLS"), errors.get(0));
  }

  @Test
  void rejectsOtherSchemesAndMissingHosts() {
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("[http://127.0.0.1:3001]", "[tcp://127.0.0.1:3001, 'http://', http://h:1/base]"));
    assertEquals(3, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("unsupported scheme 'tcp'"), errors.toString());
    assertTrue(errors.get(1).contains("must include a host"), errors.toString());
    assertTrue(errors.get(2).contains("path '/base' is not supported"), errors.toString());
  }

  @Test
  void normalisesBackendUrlsSoOneOriginIsOneBackend() throws Exception {
    ProxyConfig c = YamlConfigs.load(MINIMAL.replace("routes:\n", """
        routes:
          - path_prefix: /other
            backends: [http://127.0.0.1:3001/]
          - path_prefix: /third
            backends: ["HTTP://127.0.0.1:3001"]
        """));
    assertEquals(1, c.backendHealthEndpoints().size());
    assertEquals("http://h:80", BackendAddress.parse("http://H").key());
    assertEquals(BackendAddress.parse("http://h:1"), BackendAddress.parse("http://h:1/"));
    assertEquals("http://[::1]:3001", BackendAddress.parse("http://[::1]:3001").key());
  }

  @Test
  void rejectsTheSameBackendTwiceInOneRoute() {
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("[http://127.0.0.1:3001]",
        "[http://127.0.0.1:3001, http://127.0.0.1:3001/]"));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("routes[0].backends[1]:"), errors.toString());
  }

  @Test
  void rejectsDuplicatePrefixes() {
    String yaml = MINIMAL.replace("routes:\n", """
        routes:
          - path_prefix: /api
            backends: [http://127.0.0.1:3002]
        """);
    List<String> errors = YamlConfigs.errors(yaml);
    assertEquals(List.of("routes[1].path_prefix: \"/api\" duplicates an earlier route's prefix"), errors);
  }

  @Test
  void rejectsConflictingHealthEndpointsForOneBackend() {
    String yaml = MINIMAL.replace("routes:\n", """
        routes:
          - path_prefix: /a
            backends: [http://127.0.0.1:3001/]
            health_check_endpoint: /ready
        """);
    List<String> errors = YamlConfigs.errors(yaml);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("conflicting health check endpoints"), errors.toString());
  }

  @Test
  void checksPrefixesAndEndpoints() {
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("path_prefix: /api", "path_prefix: api")
        .replace("endpoint: /health", "endpoint: health"));
    assertTrue(errors.contains("routes[0].path_prefix: \"api\" (expected: a path starting with '/')"), errors.toString());
    assertTrue(errors.contains("health_check.endpoint: \"health\" (expected: a path starting with '/')"), errors.toString());
    assertTrue(YamlConfigs.errors(MINIMAL.replace("path_prefix: /api", "path_prefix: /a/../b")).get(0)
        .contains("no '.' or '..' segments"));
  }

  @Test
  void acceptsHostNamesButChecksThemAtValidation() throws Exception {
    assertEquals("localhost", YamlConfigs.load(MINIMAL.replace("host: 127.0.0.1", "host: localhost")).server().host());
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("host: 127.0.0.1", "host: no-such-host.invalid"));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).startsWith("server.host: \"no-such-host.invalid\" does not resolve"), errors.get(0));
  }

  @Test
  void rejectsAnEmptyAuthToken() {
    List<String> errors = YamlConfigs.errors(MINIMAL + "debug:\n  auth_token: \"   \"\n");
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).startsWith("debug.auth_token: must not be empty"), errors.get(0));
  }

  @Test
  void requiresTheOriginalsRequiredSections() {
    List<String> errors = YamlConfigs.errors("server:\n  port: 1\n  host: 127.0.0.1\n");
    assertTrue(errors.contains("routes: missing (required list)"), errors.toString());
    assertTrue(errors.contains("health_check: missing (required section)"), errors.toString());
    assertTrue(YamlConfigs.errors("routes: []\nhealth_check: {interval_sec: 1, endpoint: /h}\n")
        .contains("server: missing (required section)"));
  }

  @Test
  void reportsEveryErrorAtOnce() {
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("port: 8080", "port: 0")
        .replace("interval_sec: 10", "interval_sec: 0") + "retry:\n  bogus: 1\n");
    assertEquals(3, errors.size(), errors.toString());
  }

  @Test
  void reportsBrokenYamlOnOneLine() {
    List<String> errors = YamlConfigs.errors("server: [unclosed\n  port: 1\n");
    assertEquals(1, errors.size());
    assertFalse(errors.get(0).contains("\n"));
    assertTrue(errors.get(0).contains("invalid YAML"), errors.get(0));
  }

  @Test
  void rejectsWrongShapes() {
    List<String> errors = YamlConfigs.errors("server: 5\nroutes: {a: 1}\nhealth_check: [1]\n");
    assertTrue(errors.contains("server: 5 (expected: a mapping of keys to values)"), errors.toString());
    assertTrue(errors.contains("routes: a mapping (expected: a list)"), errors.toString());
    assertTrue(errors.contains("health_check: a list (expected: a mapping of keys to values)"), errors.toString());
  }

  @Test
  void rejectsRangesTheWrongWayRound() {
    List<String> errors = YamlConfigs.errors(MINIMAL.replace("endpoint: /health",
        "endpoint: /health\n  active_success_status_min: 400\n  active_success_status_max: 300"));
    assertEquals(List.of("health_check.active_success_status_min: 400 (expected: <= active_success_status_max 300)"),
        errors);
  }
}
