package dev.ferrum.proxy.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns the JSON that vertx-config-yaml made of {@code config.yaml} into a {@link ProxyConfig}.
 * Accepts every key of the original proxy with the same meaning and default, rejects unknown
 * keys, and reports all problems at once, each as {@code <key path>: <problem>}. One reader per
 * section; this class only orders them, because routes inherit from the global sections.
 *
 * <p>Checking {@code server.host} may resolve a host name, so call this off the event loop.
 */
public final class ConfigLoader {

  /** What a reader bug becomes; a test makes sure no config ever gets it. */
  static final String UNREADABLE = "config: could not be read";

  private ConfigLoader() {
  }

  public static ProxyConfig load(JsonObject json) throws ConfigException {
    return load(json, ServerReader::resolves);
  }

  /** As {@link #load(JsonObject)}, with the host-name check supplied (tests avoid DNS). */
  public static ProxyConfig load(JsonObject json, Predicate<String> hostResolves) throws ConfigException {
    List<String> errors = new ArrayList<>();
    ProxyConfig config;
    try {
      config = read(json == null ? new JsonObject() : json, hostResolves, errors);
    } catch (RuntimeException e) {
      // A reader bug must still come out as a config error, never as a crash of the watcher;
      // where it happened is all the operator can pass on.
      StackTraceElement[] at = e.getStackTrace();
      errors.add(UNREADABLE + " (" + e.getClass().getSimpleName()
          + (at.length > 0 ? " at " + at[0].getFileName() + ":" + at[0].getLineNumber() : "") + ")");
      config = null;
    }
    if (!errors.isEmpty() || config == null) {
      throw new ConfigException(errors.isEmpty() ? List.of(UNREADABLE) : errors);
    }
    return config;
  }

  private static ProxyConfig read(JsonObject json, Predicate<String> hostResolves, List<String> errors) {
    ConfigNode root = ConfigNode.root(json, errors);
    ServerConfig server = ServerReader.read(root.section("server", true), hostResolves);
    ConfigNode upstreamNode = root.section("upstream", false);
    ConfigNode retryNode = root.section("retry", false);
    ReplayBudgetConfig replayBudget = replayBudget(root, upstreamNode, retryNode);
    UpstreamConfig upstream = UpstreamReader.read(upstreamNode);
    RetryConfig retry = RetryReader.read(retryNode, RetryConfig.DEFAULT);
    HealthCheckConfig health = HealthCheckReader.read(root.section("health_check", true));
    ObservabilityConfig observability = ObservabilityReader.read(root);
    // A global section with errors still lets the routes be read for theirs, against the defaults.
    List<RouteConfig> routes = new RouteReader(server, upstream != null ? upstream : UpstreamConfig.DEFAULT,
        retry != null ? retry : RetryConfig.DEFAULT, health).read(root);
    root.finish();
    if (server == null || upstream == null || retry == null || health == null || replayBudget == null
        || !errors.isEmpty()) {
      return null;
    }
    return root.build(() -> new ProxyConfig(server, routes, health, upstream, retry, replayBudget, observability));
  }

  /**
   * The two keys of the one per-process replay budget live in two sections, for compatibility
   * with the original (which had only {@code upstream.max_buffered_bodies}).
   */
  private static ReplayBudgetConfig replayBudget(ConfigNode root, ConfigNode upstream, ConfigNode retry) {
    ReplayBudgetConfig d = ReplayBudgetConfig.DEFAULT;
    long bytes = retry == null ? d.bufferBudgetBytes()
        : retry.integer("buffer_budget_bytes", d.bufferBudgetBytes(), ReplayBudgetConfig.BUDGET_BYTES, false);
    int bodies = upstream == null ? d.maxBufferedBodies()
        : (int) upstream.integer("max_buffered_bodies", d.maxBufferedBodies(), ReplayBudgetConfig.BODIES, false);
    return root.build(() -> new ReplayBudgetConfig(bytes, bodies));
  }
}
