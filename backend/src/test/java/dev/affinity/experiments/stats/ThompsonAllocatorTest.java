package dev.affinity.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Thompson weights are probability matching: they agree with the exact chance to beat and are reproducible. */
class ThompsonAllocatorTest {

  @Test
  void twoArmWeightsMatchTheExactChanceToBeat() {
    List<VariantCounts> c = List.of(new VariantCounts("A", true, 1_000, 500, 50, 0),
        new VariantCounts("B", false, 1_000, 500, 62, 0));
    Map<String, Double> w = ThompsonAllocator.allocate(c, ExperimentAnalysis.CTR, 20_000, 11);
    // Monte Carlo sd = sqrt(0.13 · 0.87 / 20000) = 0.0024
    assertEquals(ChanceToBeat.of(50, 1_000, 62, 1_000), w.get("B"), 0.01);
    assertEquals(1, w.get("A") + w.get("B"), 1e-12);
    assertEquals(w, ThompsonAllocator.allocate(c, ExperimentAnalysis.CTR, 20_000, 11)); // same seed, same weights
  }

  @Test
  void noDataSplitsEvenlyAndAClearWinnerTakesAlmostEverything() {
    List<VariantCounts> empty = List.of(new VariantCounts("A", true, 0, 0, 0, 0),
        new VariantCounts("B", false, 0, 0, 0, 0), new VariantCounts("C", false, 0, 0, 0, 0));
    Map<String, Double> even = ThompsonAllocator.allocate(empty, ExperimentAnalysis.CTR, 30_000, 5);
    for (double w : even.values()) {
      assertEquals(1.0 / 3, w, 0.015);
    }
    List<VariantCounts> clear = List.of(new VariantCounts("A", true, 100_000, 1, 5_000, 0),
        new VariantCounts("B", false, 100_000, 1, 6_000, 0), new VariantCounts("C", false, 100_000, 1, 5_100, 0));
    assertTrue(ThompsonAllocator.allocate(clear, ExperimentAnalysis.CTR, 5_000, 5).get("B") > 0.99);
  }

  @Test
  void gammaSamplerHasTheRightMoments() {
    SplittableRandom random = new SplittableRandom(3);
    int n = 50_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double g = ThompsonAllocator.gamma(random, 4);
      sum += g;
      sumSq += g * g;
    }
    double mean = sum / n;
    assertEquals(4, mean, 0.03); // sd of the mean = sqrt(4 / 50000) = 0.009
    assertEquals(4, sumSq / n - mean * mean, 0.15);
  }

  @Test
  void badArgumentsAreRejected() {
    List<VariantCounts> one = List.of(new VariantCounts("A", true, 1, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> ThompsonAllocator.allocate(one, "ctr", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> ThompsonAllocator.allocate(one, "clicks", 10, 1));
    assertThrows(IllegalArgumentException.class, () -> ThompsonAllocator.allocate(List.of(), "ctr", 10, 1));
  }
}
