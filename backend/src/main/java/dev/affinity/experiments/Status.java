package dev.affinity.experiments;

import java.util.Locale;

/**
 * An experiment's lifecycle: draft → running → stopped, one way only. A stopped experiment never runs
 * again, because restarting it would mix two periods of traffic in one set of results.
 */
enum Status {
  DRAFT, RUNNING, STOPPED;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Status fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
