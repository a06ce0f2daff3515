package dev.affinity.experiments;

import dev.affinity.http.ApiProblem;
import java.util.Locale;

/**
 * How an experiment splits its traffic between variants. {@link #FIXED} (the default) keeps the weights the
 * admin set for the whole run, which is what the fixed-horizon statistics and the sample-ratio check assume.
 * {@link #THOMPSON} hands the weights to the bandit ({@link BanditJob}): while the experiment runs they are
 * re-computed periodically by Thompson sampling on the primary metric, so losing arms get less traffic; the
 * price is that the results become descriptive (see {@link ResultsJson}). Chosen before start and fixed after,
 * because switching mid-run would mix two allocation regimes in one set of results.
 */
enum Allocation {
  FIXED, THOMPSON;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stored value (always valid: the table's check constraint allows only the two). */
  static Allocation fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  /** A request's value: "fixed" or "thompson", or a 400 that lists them. */
  static Allocation parse(Object value) {
    if ("fixed".equals(value)) {
      return FIXED;
    }
    if ("thompson".equals(value)) {
      return THOMPSON;
    }
    throw ApiProblem.badRequest("allocation must be \"fixed\" (the weights you set) or \"thompson\" (weights"
        + " re-computed by a Thompson-sampling bandit while the experiment runs); got "
        + (value instanceof String s ? "\"" + s + "\"" : String.valueOf(value)) + ".");
  }
}
