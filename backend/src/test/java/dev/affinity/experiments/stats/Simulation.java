package dev.affinity.experiments.stats;

import java.util.SplittableRandom;

/** Seeded Bernoulli/binomial draws for the simulation tests. */
final class Simulation {

  private Simulation() {}

  /**
   * Exact Binomial(n, p) by waiting times: successes are separated by Geometric(p) gaps, so counting gaps that fit in n
   * trials costs O(np) draws instead of n.
   */
  static long binomial(SplittableRandom random, long n, double p) {
    if (p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (p > 0.5) {
      return n - binomial(random, n, 1 - p);
    }
    double logQ = Math.log1p(-p);
    long successes = 0;
    long position = 0;
    while (true) {
      double u = 1 - random.nextDouble(); // (0, 1]
      position += 1 + (long) Math.floor(Math.log(u) / logQ);
      if (position > n) {
        return successes;
      }
      successes++;
    }
  }

  /** Counts successes of n individual Bernoulli(p) events. */
  static long bernoulli(SplittableRandom random, long n, double p) {
    long successes = 0;
    for (long i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        successes++;
      }
    }
    return successes;
  }
}
