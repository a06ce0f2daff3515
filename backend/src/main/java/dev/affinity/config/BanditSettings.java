package dev.affinity.config;

import java.time.Duration;

/**
 * How the Thompson-sampling bandit re-allocates the traffic of experiments with {@code "allocation": "thompson"}.
 * Node-wide, because they are operating choices (how often to move bucket boundaries, how much traffic every arm
 * keeps) rather than part of an experiment's design; every node of a cluster should use the same values.
 *
 * @param interval     how often an experiment's weights are re-computed ({@code AFFINITY_BANDIT_INTERVAL_SECONDS},
 *                     default one hour): long enough that each step rests on new evidence and few users change
 *                     variant, short enough that a clearly losing arm stops costing traffic within the day
 * @param minExposures exposures every variant needs before the first re-allocation
 *                     ({@code AFFINITY_BANDIT_MIN_EXPOSURES}, default 100): below that the posteriors mostly
 *                     reflect the prior and early noise, and one lucky click would move the weights
 * @param floor        the share of traffic every variant keeps, as a fraction ({@code AFFINITY_BANDIT_FLOOR},
 *                     default 0.05 = 5%): no arm starves, so an arm that was unlucky early can still recover and
 *                     every arm keeps gathering data for the read-out
 */
public record BanditSettings(Duration interval, long minExposures, double floor) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
  public static final long DEFAULT_MIN_EXPOSURES = 100;
  public static final double DEFAULT_FLOOR = 0.05;

  public BanditSettings {
    if (interval == null || interval.toSeconds() < 1) {
      throw new ConfigException("AFFINITY_BANDIT_INTERVAL_SECONDS must be at least 1, got "
          + (interval == null ? "nothing" : interval.toSeconds()));
    }
    if (minExposures < 0) {
      throw new ConfigException("AFFINITY_BANDIT_MIN_EXPOSURES must be 0 or more, got " + minExposures);
    }
    if (!(floor >= 0.001 && floor <= 0.5)) {
      throw new ConfigException("AFFINITY_BANDIT_FLOOR must be a fraction from 0.001 to 0.5 (0.05 = every variant"
          + " keeps at least 5% of the traffic), got " + floor);
    }
  }

  /** One hour, 100 exposures per variant, a 5% floor. */
  public static BanditSettings defaults() {
    return new BanditSettings(DEFAULT_INTERVAL, DEFAULT_MIN_EXPOSURES, DEFAULT_FLOOR);
  }
}
