package dev.affinity.experiments.stats;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Beta-Bernoulli Thompson sampling turned into traffic weights ("randomised probability matching", Scott, "A modern
 * Bayesian look at the multi-armed bandit", 2010): each variant's weight is the posterior probability that it has the
 * highest rate on the primary metric, with Beta(1 + x, 1 + n − x) posteriors, estimated from {@code draws} joint
 * posterior draws. Beta draws are X / (X + Y) of two Gamma draws (Marsaglia &amp; Tsang, 2000), from a seeded
 * {@link SplittableRandom}, so the same counts and seed always give the same weights. Use it only for bandit-style
 * experiments: adaptive weights make the fixed-weight SRM check and the per-exposure tests inapplicable.
 */
public final class ThompsonAllocator {

  private ThompsonAllocator() {}

  /**
   * Allocation weights by variant name (input order, summing to 1).
   *
   * @param draws number of joint posterior draws; Monte Carlo error of each weight is about sqrt(w(1 − w) / draws)
   */
  public static Map<String, Double> allocate(List<VariantCounts> counts, String primaryMetric, int draws, long seed) {
    if (counts == null || counts.isEmpty()) {
      throw new IllegalArgumentException("counts must contain at least one variant");
    }
    if (!ExperimentAnalysis.CTR.equals(primaryMetric) && !ExperimentAnalysis.CONVERSION_RATE.equals(primaryMetric)) {
      throw new IllegalArgumentException("primaryMetric must be 'ctr' or 'conversionRate', got " + primaryMetric);
    }
    if (draws < 1) {
      throw new IllegalArgumentException("draws must be >= 1, got " + draws);
    }
    Set<String> names = new HashSet<>();
    for (VariantCounts c : counts) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("duplicate variant '" + c.name() + "' in counts");
      }
    }
    int k = counts.size();
    double[] alpha = new double[k];
    double[] beta = new double[k];
    for (int i = 0; i < k; i++) {
      VariantCounts c = counts.get(i);
      long x = ExperimentAnalysis.CTR.equals(primaryMetric) ? c.clicks() : c.conversions();
      alpha[i] = 1.0 + x;
      beta[i] = 1.0 + c.exposures() - x;
    }
    SplittableRandom random = new SplittableRandom(seed);
    long[] wins = new long[k];
    for (int d = 0; d < draws; d++) {
      int best = 0;
      double bestValue = -1;
      for (int i = 0; i < k; i++) {
        double g = gamma(random, alpha[i]);
        double value = g / (g + gamma(random, beta[i]));
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      wins[best]++;
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      weights.put(counts.get(i).name(), wins[i] / (double) draws);
    }
    return weights;
  }

  /** Gamma(shape, 1) for shape &gt;= 1 by Marsaglia &amp; Tsang's squeeze method. */
  static double gamma(SplittableRandom random, double shape) {
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = gaussian(random);
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** Standard normal by Marsaglia's polar method, written out so draws do not depend on the JDK's implementation. */
  private static double gaussian(SplittableRandom random) {
    while (true) {
      double u = 2 * random.nextDouble() - 1;
      double v = 2 * random.nextDouble() - 1;
      double s = u * u + v * v;
      if (s > 0 && s < 1) {
        return u * Math.sqrt(-2 * Math.log(s) / s);
      }
    }
  }
}
