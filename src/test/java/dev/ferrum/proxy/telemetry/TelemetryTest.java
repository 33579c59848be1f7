package dev.ferrum.proxy.telemetry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryTest {

  private static String scrapeAfterOneRequest() {
    Telemetry t = Telemetry.create();
    t.proxy().route("/api").requestCompleted(200, 1_000_000, 10, 20);
    return t.registry().scrape();
  }

  @Test
  void theBenchmarksNoopSwitchSilencesOnlyFerrumsOwnMeters() {
    assertTrue(scrapeAfterOneRequest().contains("ferrum_proxy_requests_total{route=\"/api\",status=\"200\"} 1.0"));
    System.setProperty(Telemetry.NOOP_PROPERTY, "true");
    try {
      String scrape = scrapeAfterOneRequest();
      assertFalse(scrape.contains("ferrum_proxy_"), scrape);
    } finally {
      System.clearProperty(Telemetry.NOOP_PROPERTY);
    }
  }
}
