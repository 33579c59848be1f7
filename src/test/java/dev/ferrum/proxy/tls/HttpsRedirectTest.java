package dev.ferrum.proxy.tls;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the redirect listener sends a client, for the host forms a Host header can take. */
class HttpsRedirectTest {

  @Test
  void theLocationKeepsHostPathAndQueryAndNamesThePortUnless443() {
    HttpsRedirect on8443 = new HttpsRedirect(8443, "proxy.local");
    assertEquals("https://example.com:8443/a?b=c", on8443.location("example.com:8080", "/a?b=c"));
    assertEquals("https://example.com:8443/", on8443.location("example.com", "/"));
    assertEquals("https://[::1]:8443/x", on8443.location("[::1]:8080", "/x"));
    assertEquals("https://proxy.local:8443/x", on8443.location(null, "/x"));
    HttpsRedirect on443 = new HttpsRedirect(443, "proxy.local");
    assertEquals("https://example.com/p?q", on443.location("Example.com:80".toLowerCase(), "/p?q"));
    assertEquals("https://example.com/", on443.location("example.com", "*"));
  }
}
