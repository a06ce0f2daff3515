package dev.affinity.experiments.stats;

/**
 * Frequentist inference on Bernoulli rates: Wilson score intervals (Wilson 1927; recommended over the Wald interval by
 * Brown, Cai &amp; DasGupta, Statistical Science 2001, because it keeps nominal coverage for small counts and rates near
 * 0), the pooled two-proportion z-test, and a delta-method interval for the relative lift computed on the
 * <b>log-ratio</b> scale (Katz et al. 1978): {@code Var(ln p̂) ≈ (1−p)/x}, so {@code ln(p1/p0) ± z·sqrt((1−p1)/x1 +
 * (1−p0)/x0)}, exponentiated. The log scale keeps the interval above −100% and asymmetric like the true sampling
 * distribution. Caveat shared by all per-exposure rates: exposures of one user are correlated, so with heavy users these
 * intervals are somewhat optimistic.
 */
final class Proportions {

  /** Two-sided 95% normal quantile, Φ⁻¹(0.975). */
  static final double Z95 = 1.959963984540054;

  private Proportions() {}

  /** Wilson score interval at 95%; with no trials the rate is unknown: 0 within [0, 1]. */
  static Interval wilson(long x, long n) {
    if (n == 0) {
      return new Interval(0, 0, 1);
    }
    double p = (double) x / n;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    double low = Math.min(p, Math.max(0, centre - half));
    double high = Math.max(p, Math.min(1, centre + half));
    return new Interval(p, low, high);
  }

  /** Two-sided p-value of the pooled two-proportion z-test; 1 when there is no variance to test against. */
  static double twoProportionPValue(long x0, long n0, long x1, long n1) {
    if (n0 == 0 || n1 == 0) {
      return 1;
    }
    double pooled = (double) (x0 + x1) / (n0 + n1);
    double variance = pooled * (1 - pooled) * (1.0 / n0 + 1.0 / n1);
    if (!(variance > 0)) {
      return 1;
    }
    double z = ((double) x1 / n1 - (double) x0 / n0) / Math.sqrt(variance);
    return SpecialFunctions.twoSidedNormalP(z);
  }

  /**
   * Relative lift p1/p0 − 1 with a 95% delta-method interval on the log-ratio, or {@code null} when undefined (either
   * arm without trials, or a control rate of 0). When the treatment has no successes the lift is −100% and the upper
   * bound uses the Haldane–Anscombe correction (0.5 added to the zero count) so it stays finite.
   */
  static Interval relativeUplift(long x0, long n0, long x1, long n1) {
    if (n0 == 0 || n1 == 0 || x0 == 0) {
      return null;
    }
    double p0 = (double) x0 / n0;
    if (x1 == 0) {
      double p1 = 0.5 / n1;
      double se = Math.sqrt((1 - p1) / 0.5 + (1 - p0) / x0);
      return new Interval(-1, -1, Math.max(-1, Math.exp(Math.log(p1 / p0) + Z95 * se) - 1));
    }
    double p1 = (double) x1 / n1;
    double logRatio = Math.log(p1 / p0);
    double se = Math.sqrt((1 - p1) / x1 + (1 - p0) / x0);
    double value = p1 / p0 - 1;
    double low = Math.min(value, Math.exp(logRatio - Z95 * se) - 1);
    double high = Math.max(value, Math.exp(logRatio + Z95 * se) - 1);
    return new Interval(value, low, high);
  }
}
