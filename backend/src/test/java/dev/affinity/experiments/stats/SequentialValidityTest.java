package dev.affinity.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Error rates by seeded simulation. A/A runs (both arms CTR 5%) are monitored at {@value #LOOKS} equally spaced looks;
 * the fixed-horizon z-test must hold α = 0.05 when read once at the end, must inflate when peeked at every look (the
 * reason the mSPRT exists), and the always-valid p-value must stay at or below α even with peeking.
 */
class SequentialValidityTest {

  private static final int RUNS = 2000;
  private static final int LOOKS = 20;
  private static final long PER_LOOK = 2_000;
  private static final double RATE = 0.05;
  private static final double ALPHA = 0.05;

  /** {fixed-horizon FPR read once, naive FPR with peeking, always-valid FPR with peeking}. */
  private static double[] aaFalsePositiveRates(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int fixed = 0;
    int peekingNaive = 0;
    int peekingAlwaysValid = 0;
    for (int run = 0; run < RUNS; run++) {
      long x0 = 0;
      long x1 = 0;
      long n = 0;
      boolean naive = false;
      boolean valid = false;
      double lastP = 1;
      for (int look = 0; look < LOOKS; look++) {
        x0 += Simulation.binomial(random, PER_LOOK, RATE);
        x1 += Simulation.binomial(random, PER_LOOK, RATE);
        n += PER_LOOK;
        lastP = Proportions.twoProportionPValue(x0, n, x1, n);
        naive |= lastP < ALPHA;
        valid |= Msprt.alwaysValidPValue(x0, n, x1, n) < ALPHA;
      }
      fixed += lastP < ALPHA ? 1 : 0;
      peekingNaive += naive ? 1 : 0;
      peekingAlwaysValid += valid ? 1 : 0;
    }
    return new double[] {fixed / (double) RUNS, peekingNaive / (double) RUNS, peekingAlwaysValid / (double) RUNS};
  }

  @Test
  void binomialSamplerHasTheRightMeanAndVariance() {
    SplittableRandom random = new SplittableRandom(7);
    int draws = 20_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < draws; i++) {
      long x = Simulation.binomial(random, 2_000, RATE);
      sum += x;
      sumSq += (double) x * x;
    }
    double mean = sum / draws;
    double variance = sumSq / draws - mean * mean;
    assertEquals(100, mean, 0.2); // sd of the mean = sqrt(95 / 20000) = 0.07
    assertEquals(95, variance, 4);
  }

  @Test
  void fixedHorizonHoldsAlphaButPeekingInflatesItWhileTheAlwaysValidPValueDoesNot() {
    double[] fpr = aaFalsePositiveRates(20_261_122L);
    // 2000 runs: binomial sd of an FPR near 0.05 is 0.005, so [0.03, 0.07] is ±4 sd
    assertTrue(fpr[0] >= 0.03 && fpr[0] <= 0.07, "fixed-horizon FPR " + fpr[0]);
    assertTrue(fpr[1] > 0.12, "naive FPR with " + LOOKS + " looks should inflate well above 5%, got " + fpr[1]);
    assertTrue(fpr[2] <= ALPHA + 0.01, "always-valid FPR with peeking " + fpr[2]);
  }

  @Test
  void alwaysValidPValueStillDetectsARealEffect() {
    SplittableRandom random = new SplittableRandom(99);
    int detected = 0;
    int runs = 200;
    for (int run = 0; run < runs; run++) {
      long n = 200_000;
      long x0 = Simulation.binomial(random, n, 0.05);
      long x1 = Simulation.binomial(random, n, 0.055);
      detected += Msprt.alwaysValidPValue(x0, n, x1, n) < ALPHA ? 1 : 0;
    }
    assertTrue(detected >= 0.95 * runs, "power of the mSPRT at +10% with 200k per arm: " + detected + "/" + runs);
  }
}
