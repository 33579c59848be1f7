package dev.ferrum.proxy.upstream;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;

import java.util.function.Function;

/**
 * Opens the upstream request of each attempt on the backend the attempt chose, through the proxy
 * instance's pooled, keep-alive client. Called again for every attempt, so each attempt can go to
 * a different backend.
 */
public final class UpstreamConnector implements OriginRequestProvider {

  private final HttpClient client;
  private final Function<ProxyContext, AttemptTarget> targetOf;

  public UpstreamConnector(HttpClient client, Function<ProxyContext, AttemptTarget> targetOf) {
    this.client = client;
    this.targetOf = targetOf;
  }

  @Override
  public Future<HttpClientRequest> create(ProxyContext ctx) {
    AttemptTarget target = targetOf.apply(ctx);
    Backend b = target.backend();
    RequestOptions options = new RequestOptions()
        .setServer(b.socketAddress())
        .setHost(b.address().host())
        .setPort(b.address().port())
        .setConnectTimeout(target.connectTimeoutMs());
    return client.request(options).map(target);
  }
}
