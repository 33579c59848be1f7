package dev.ferrum.proxy.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.OptionalLong;

import static dev.ferrum.proxy.config.RestartOnlyKeysTest.load;
import static dev.ferrum.proxy.config.RestartOnlyKeysTest.minimal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records refuse what the loader refuses, in the loader's words; and what routes inherit
 * when they leave a key unset. Plain constructors and JSON, no YAML, no Vert.x instance.
 */
class ConfigRecordsTest {

  private static final UpstreamTimeouts UPSTREAM = new UpstreamTimeouts(3_000, OptionalLong.empty(), 15_000);

  private static void refuses(String message, Executable constructor) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, constructor);
    assertEquals(message, e.getMessage());
  }

  @Test
  void listenerRefusesABlankHostAndOutOfRangeNumbers() {
    refuses("host: \" \" (expected: an IP address or a host name)", () -> new ListenerConfig(" ", 80, 1, 16_384, 8_192));
    refuses("port: 0 (expected: 1-65535)", () -> new ListenerConfig("h", 0, 1, 16_384, 8_192));
    refuses("instances: 257 (expected: 1-256)", () -> new ListenerConfig("h", 80, 257, 16_384, 8_192));
    refuses("max_header_bytes: 10 (expected: 1024-1048576)", () -> new ListenerConfig("h", 80, 1, 10, 8_192));
    refuses("max_request_line_bytes: 10 (expected: 256-1048576)", () -> new ListenerConfig("h", 80, 1, 16_384, 10));
  }

  @Test
  void durationsMustBePositiveAndAtMostAWeek() {
    refuses("client_body_timeout_ms: 0 (expected: 1-604800000)", () -> new ClientTimeouts(1, 0, 1, 1));
    refuses("keepalive_timeout_ms: 604800001 (expected: 1-604800000)", () -> new ClientTimeouts(1, 1, 604_800_001, 1));
    refuses("config_scan_period_ms: 99 (expected: 100-3600000)", () -> new LifecycleConfig(1, false, 99));
    refuses("connect_timeout_ms: 0 (expected: 1-604800000)", () -> new UpstreamTimeouts(0, OptionalLong.empty(), 1));
    refuses("response_timeout_ms: 0 (expected: 1-604800000)", () -> new UpstreamTimeouts(1, OptionalLong.of(0), 1));
    refuses("idle_connection_timeout_ms: -1 (expected: 1-604800000)", () -> new ConnectionPoolConfig(1, -1));
  }

  @Test
  void aDeadlineIsEitherAbsentOrARealDuration() {
    assertTrue(new RouteTimeouts(UPSTREAM, 1, OptionalLong.empty()).deadlineMs().isEmpty());
    refuses("deadline_ms: -1 (expected: 1-604800000)", () -> new RouteTimeouts(UPSTREAM, 1, OptionalLong.of(-1)));
    refuses("deadline_ms: 0 (expected: 1-604800000)", () -> new RouteTimeouts(UPSTREAM, 1, OptionalLong.of(0)));
  }

  @Test
  void sizesAndCounts() {
    refuses("max_request_body_bytes: 0 (expected: >= 1)", () -> new BodyLimits(0, 1));
    refuses("max_header_count: 7 (expected: 8-10000)",
        () -> new ServerConfig(new ListenerConfig("h", 80, 1, 16_384, 8_192), ClientTimeouts.DEFAULT, 7, false,
            LifecycleConfig.DEFAULT));
    refuses("max_attempts: 11 (expected: 1-10)",
        () -> new RetryConfig(11, 5_000, RetryOn.DEFAULT, 50, RetryBudgetConfig.DEFAULT, 0));
    refuses("backoff_ms: -1 (expected: 0-60000)",
        () -> new RetryConfig(1, 5_000, RetryOn.DEFAULT, -1, RetryBudgetConfig.DEFAULT, 0));
    refuses("budget_percent: 1001 (expected: 0-1000)", () -> new RetryBudgetConfig(1001, 0));
    refuses("probe_requests: 0 (expected: 1-100)", () -> new HealthCheckConfig(
        new ActiveChecks(10, "/health", 1_000, StatusSet.range(200, 399), 2), 3, StatusSet.range(500, 599),
        new EjectionConfig(1_000, 1_000), 0));
  }

  @Test
  void theReplayBudgetNamesItsKeysWithTheirSections() {
    refuses("retry.buffer_budget_bytes: -1 (expected: 0-17179869184)", () -> new ReplayBudgetConfig(-1, 1));
    refuses("upstream.max_buffered_bodies: 0 (expected: 1-1000000)", () -> new ReplayBudgetConfig(0, 0));
  }

  @Test
  void crossFieldAndPathChecks() {
    refuses("max_ejection_duration_ms: 100 (expected: >= ejection_duration_ms 200)", () -> new EjectionConfig(200, 100));
    refuses("endpoint: \"health\" (expected: a path starting with '/')",
        () -> new ActiveChecks(10, "health", 1_000, StatusSet.range(200, 399), 2));
    BackendAddress b = BackendAddress.parse("http://b:1");
    refuses("backends: empty (expected: at least one backend URL)",
        () -> new BackendGroup(List.of(), Balancing.ROUND_ROBIN, "/health", StatusSet.range(500, 599)));
    refuses("health_check_endpoint: \"/a b\" (expected: a path without spaces or control characters)",
        () -> new BackendGroup(List.of(b), Balancing.ROUND_ROBIN, "/a b", StatusSet.range(500, 599)));
    BackendGroup group = new BackendGroup(List.of(b), Balancing.ROUND_ROBIN, "/health", StatusSet.range(500, 599));
    refuses("path_prefix: \"/a/../b\" (expected: no '.' or '..' segments)", () -> new RouteConfig("/a/../b", group,
        Forwarding.DEFAULT, new RouteTimeouts(UPSTREAM, 1, OptionalLong.empty()), BodyLimits.DEFAULT,
        RetryConfig.DEFAULT));
  }

  @Test
  void theResponseTimeoutFollowsTheConnectTimeoutInEffectUnlessSet() {
    assertEquals(3_000, UPSTREAM.responseTimeoutMs());
    UpstreamTimeouts routeConnectOnly = UPSTREAM.overriddenBy(OptionalLong.of(500), OptionalLong.empty(), OptionalLong.empty());
    assertEquals(500, routeConnectOnly.responseTimeoutMs());
    assertEquals(15_000, routeConnectOnly.readTimeoutMs());
    UpstreamTimeouts globalResponse = new UpstreamTimeouts(3_000, OptionalLong.of(9_000), 15_000);
    assertEquals(9_000, globalResponse.overriddenBy(OptionalLong.of(500), OptionalLong.empty(), OptionalLong.empty())
        .responseTimeoutMs());
    assertEquals(700, globalResponse.overriddenBy(OptionalLong.empty(), OptionalLong.of(700), OptionalLong.empty())
        .responseTimeoutMs());
  }

  @Test
  void routesInheritWhatTheyLeaveUnset() throws Exception {
    JsonObject json = minimal();
    json.put("upstream", new JsonObject().put("response_timeout_ms", 9_000).put("max_request_body_bytes", 77));
    json.getJsonObject("server").put("client_body_timeout_ms", 4_000);
    json.getJsonArray("routes").add(new JsonObject().put("path_prefix", "/own").put("backends",
        new JsonArray().add("http://127.0.0.1:3002")).put("deadline_ms", 2_000).put("connect_timeout_ms", 100)
        .put("client_body_timeout_ms", 50).put("max_request_body_bytes", 5));
    ProxyConfig c = load(json);
    RouteConfig inherits = c.routes().get(0);
    assertTrue(inherits.deadlineMs().isEmpty());
    assertEquals(3_000, inherits.connectTimeoutMs());
    assertEquals(9_000, inherits.responseTimeoutMs());
    assertEquals(4_000, inherits.clientBodyTimeoutMs());
    assertEquals(77, inherits.maxRequestBodyBytes());
    RouteConfig own = c.routes().get(1);
    assertEquals(OptionalLong.of(2_000), own.deadlineMs());
    assertEquals(100, own.connectTimeoutMs());
    assertEquals(9_000, own.responseTimeoutMs());
    assertEquals(50, own.clientBodyTimeoutMs());
    assertEquals(5, own.maxRequestBodyBytes());
  }

  @Test
  void theLoaderReportsARecordsOwnCheckUnderTheSectionPath() {
    JsonObject json = minimal();
    json.getJsonObject("health_check").put("ejection_duration_ms", 200).put("max_ejection_duration_ms", 100);
    ConfigException e = assertThrows(ConfigException.class, () -> load(json));
    assertEquals(List.of("health_check.max_ejection_duration_ms: 100 (expected: >= ejection_duration_ms 200)"),
        e.errors());
  }

  @Test
  void theReplayBudgetIsGlobalOnly() {
    JsonObject json = minimal();
    json.getJsonArray("routes").getJsonObject(0).put("retry", new JsonObject().put("buffer_budget_bytes", 1));
    ConfigException e = assertThrows(ConfigException.class, () -> load(json));
    assertEquals(List.of("routes[0].retry.buffer_budget_bytes: unknown key"), e.errors());
  }

  @Test
  void aBadValueIsReportedOnceNotAgainByTheRecordItWasMeantFor() {
    JsonObject json = minimal();
    json.getJsonObject("server").put("port", 0).put("host", " ");
    ConfigException e = assertThrows(ConfigException.class, () -> load(json));
    assertEquals(List.of("server.port: 0 (expected: 1-65535)",
        "server.host: \"\" (expected: an IP address or a host name)"), e.errors());
  }
}
