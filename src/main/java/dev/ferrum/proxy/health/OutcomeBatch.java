package dev.ferrum.proxy.health;

import java.util.List;

/** The observations one proxy instance gathered during one event-loop turn. */
public record OutcomeBatch(List<Outcome> outcomes) {
}
