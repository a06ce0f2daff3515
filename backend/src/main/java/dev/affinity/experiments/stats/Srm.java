package dev.affinity.experiments.stats;

/**
 * Sample-ratio-mismatch check (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments",
 * KDD 2019): a chi-square goodness-of-fit p-value of users per variant against the configured weights. A mismatch
 * means assignment or logging is broken, and then no other number of the experiment can be trusted; the conventional
 * alarm threshold p &lt; 0.001 is used because the check runs on every experiment all the time.
 */
public record Srm(double pValue, boolean warning) {

  /** The alarm threshold on {@link #pValue()}. */
  public static final double THRESHOLD = 0.001;

  public Srm {
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("SRM p-value must be in [0, 1], got " + pValue);
    }
  }
}
