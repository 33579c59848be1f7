package dev.ferrum.proxy.config;

import java.util.List;
import java.util.Objects;

/**
 * Which answers and which methods a retry is for.
 *
 * @param statuses upstream statuses that make a safe request retry ({@code retry_on_statuses})
 * @param idempotentMethods also retry PUT and DELETE ({@code retry_idempotent_methods})
 */
public record RetryOn(StatusSet statuses, boolean idempotentMethods) {

  public static final RetryOn DEFAULT = new RetryOn(StatusSet.of(List.of(502, 503, 504)), false);

  public RetryOn {
    Objects.requireNonNull(statuses, "statuses");
  }
}
