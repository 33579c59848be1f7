package dev.ferrum.proxy.health;

/** Why a backend changed state; the label is what event lines show. */
public enum TransitionReason {
  ACTIVE_CHECKS_FAILED("active_checks_failed", false),
  FIRST_CHECK_FAILED("first_check_failed", false),
  ACTIVE_CHECKS_RECOVERED("active_checks_recovered", false),
  PASSIVE_FAILURES("passive_failures", true),
  PROBE_FAILED("probe_failed", true),
  PROBE_SUCCEEDED("probe_succeeded", false),
  EJECTION_ENDED("ejection_ended", false);

  private final String label;
  private final boolean ejection;

  TransitionReason(String label, boolean ejection) {
    this.label = label;
    this.ejection = ejection;
  }

  public String label() {
    return label;
  }

  /** Whether a transition for this reason is a passive ejection (counted in ejections_total). */
  public boolean ejection() {
    return ejection;
  }
}
