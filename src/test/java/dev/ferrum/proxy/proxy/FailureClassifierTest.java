package dev.ferrum.proxy.proxy;

import dev.ferrum.proxy.health.OutcomeKind;
import dev.ferrum.proxy.retry.AttemptEnding;
import dev.ferrum.proxy.upstream.BodyFailure;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FailureClassifierTest {

  @Test
  void beforeAConnectionNothingReachedTheBackend() {
    assertEquals(FailureKind.CONNECT_REFUSED, FailureClassifier.classify(new ConnectException("Connection refused"), false));
    assertEquals(FailureKind.CONNECT_FAILED, FailureClassifier.classify(new ConnectException("No route"), false));
    assertEquals(FailureKind.CONNECT_TIMEOUT, FailureClassifier.classify(new TimeoutException(), false));
    assertEquals(FailureKind.CONNECT_FAILED, FailureClassifier.classify(new IllegalStateException(), false));
  }

  @Test
  void afterAConnectionTheBackendMayHaveSeenIt() {
    assertEquals(FailureKind.RESPONSE_TIMEOUT, FailureClassifier.classify(new TimeoutException(), true));
    assertEquals(FailureKind.UPSTREAM_RESET,
        FailureClassifier.classify(new PrematureChannelClosureException("closed"), true));
    assertEquals(FailureKind.UPSTREAM_RESET, FailureClassifier.classify(new HttpClosedException("closed"), true));
    assertEquals(FailureKind.INVALID_RESPONSE,
        FailureClassifier.classify(new RuntimeException(new DecoderException("bad")), true));
  }

  @Test
  void aClassifiedFailureKeepsItsKindWhereverItIsWrapped() {
    UpstreamFailure f = new UpstreamFailure(FailureKind.RESPONSE_TIMEOUT, "no head");
    assertEquals(FailureKind.RESPONSE_TIMEOUT, FailureClassifier.classify(new RuntimeException(f), true));
  }

  @Test
  void theClientsBrokenBodyDecidesThenAClientThatLeft() {
    Throwable reset = new PrematureChannelClosureException("closed");
    assertEquals(FailureKind.REQUEST_TOO_LARGE,
        FailureClassifier.attempt(reset, true, FailureKind.REQUEST_TOO_LARGE, true, false));
    assertEquals(FailureKind.CLIENT_DISCONNECTED, FailureClassifier.attempt(reset, true, null, true, false));
    assertEquals(FailureKind.UPSTREAM_RESET, FailureClassifier.attempt(reset, true, null, false, false));
  }

  @Test
  void aWaitCutShortByTheRouteDeadlineIsTheDeadlines() {
    UpstreamFailure headTimeout = new UpstreamFailure(FailureKind.RESPONSE_TIMEOUT, "no head");
    assertEquals(FailureKind.DEADLINE_EXCEEDED, FailureClassifier.attempt(headTimeout, true, null, false, true));
    assertEquals(FailureKind.DEADLINE_EXCEEDED,
        FailureClassifier.attempt(new TimeoutException(), false, null, false, true));
    assertEquals(FailureKind.RESPONSE_TIMEOUT, FailureClassifier.attempt(headTimeout, true, null, false, false));
    assertEquals(FailureKind.UPSTREAM_RESET,
        FailureClassifier.attempt(new PrematureChannelClosureException("x"), true, null, false, true));
  }

  @Test
  void bodyFailuresMapToTheirKinds() {
    assertEquals(FailureKind.REQUEST_TOO_LARGE, FailureClassifier.requestBody(BodyFailure.TOO_LARGE));
    assertEquals(FailureKind.CLIENT_BODY_TIMEOUT, FailureClassifier.requestBody(BodyFailure.IDLE_TIMEOUT));
    assertEquals(FailureKind.CLIENT_DISCONNECTED, FailureClassifier.requestBody(BodyFailure.SOURCE_FAILED));
    assertEquals(FailureKind.RESPONSE_BODY_TOO_LARGE, FailureClassifier.responseBody(BodyFailure.TOO_LARGE, false, false));
    assertEquals(FailureKind.READ_TIMEOUT, FailureClassifier.responseBody(BodyFailure.IDLE_TIMEOUT, false, false));
    assertEquals(FailureKind.CLIENT_SEND_TIMEOUT, FailureClassifier.responseBody(BodyFailure.SEND_TIMEOUT, false, false));
    assertEquals(FailureKind.UPSTREAM_BODY_FAILED,
        FailureClassifier.responseBody(BodyFailure.SOURCE_FAILED, false, false));
    assertEquals(FailureKind.CLIENT_DISCONNECTED, FailureClassifier.responseBody(BodyFailure.SOURCE_FAILED, true, false));
    assertEquals(FailureKind.SHUTDOWN_CUT, FailureClassifier.responseBody(BodyFailure.SOURCE_FAILED, true, true));
  }

  @Test
  void onlyBackendFaultsCarryAVerdictAndOnlySomeEndingsAreRepeatable() {
    assertNull(FailureKind.CLIENT_DISCONNECTED.outcome());
    assertNull(FailureKind.REQUEST_TOO_LARGE.outcome());
    assertEquals(OutcomeKind.CONNECT_FAILURE, FailureKind.CONNECT_TIMEOUT.outcome());
    assertEquals(AttemptEnding.NOT_SENT, FailureKind.CONNECT_REFUSED.ending());
    assertEquals(AttemptEnding.NO_RESPONSE, FailureKind.UPSTREAM_RESET.ending());
    assertEquals(AttemptEnding.NO_RESPONSE, FailureKind.RESPONSE_TIMEOUT.ending());
    assertEquals(AttemptEnding.FINAL, FailureKind.DEADLINE_EXCEEDED.ending());
    assertEquals(AttemptEnding.FINAL, FailureKind.CLIENT_BODY_TIMEOUT.ending());
  }
}
