package dev.affinity.experiments.stats;

/**
 * A point estimate with a (95%) confidence interval. Kept as one type so every number shown on the dashboard travels
 * with its uncertainty; intervals need not be symmetric (Wilson and log-ratio intervals are not).
 */
public record Interval(double value, double low, double high) {

  public Interval {
    if (!Double.isFinite(value) || !Double.isFinite(low) || !Double.isFinite(high)) {
      throw new IllegalArgumentException("interval bounds must be finite, got " + value + " [" + low + ", " + high
          + "]");
    }
    if (low > value || value > high) {
      throw new IllegalArgumentException("interval must satisfy low <= value <= high, got " + value + " [" + low + ", "
          + high + "]");
    }
  }

  /** Half the width; a convenience for "±" displays of nearly symmetric intervals. */
  public double halfWidth() {
    return (high - low) / 2;
  }
}
