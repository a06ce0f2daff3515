package dev.affinity.experiments.bandit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.config.BanditSettings;
import dev.affinity.experiments.bandit.BanditPolicy.Outcome;
import dev.affinity.experiments.stats.VariantCounts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules around Thompson sampling: nothing moves before every variant has the minimum of exposures, every variant
 * keeps the floor, stored weights are hundredths summing to 100, small moves are skipped, and the same counts and
 * seed give the same weights (which is what lets racing nodes agree).
 */
class BanditPolicyTest {
  private static final BanditPolicy POLICY = new BanditPolicy(new BanditSettings(Duration.ofHours(1), 100, 0.05));
  private static final Map<String, Double> EVEN = Map.of("A", 50.0, "B", 50.0);

  private static VariantCounts arm(String name, boolean control, long exposures, long clicks) {
    return new VariantCounts(name, control, exposures, exposures / 2, clicks, 0);
  }

  private static double sum(Map<String, Double> w) {
    return w.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  @Test
  void nothingMovesUntilEveryVariantHasTheMinimumOfExposures() {
    BanditPolicy.Decision early = POLICY.decide(List.of(arm("A", true, 5_000, 50), arm("B", false, 99, 90)), EVEN,
        "ctr", 1);
    assertEquals(Outcome.TOO_FEW_EXPOSURES, early.outcome(), early.reason());
    assertTrue(early.weights().isEmpty());
    assertTrue(early.reason().contains("'B' has 99 exposures"), early.reason());

    BanditPolicy.Decision ready = POLICY.decide(List.of(arm("A", true, 5_000, 50), arm("B", false, 100, 90)), EVEN,
        "ctr", 1);
    assertEquals(Outcome.REALLOCATE, ready.outcome(), ready.reason());
  }

  @Test
  void aClearLoserKeepsTheFloorAndTheWinnerTheRest() {
    BanditPolicy.Decision d = POLICY.decide(List.of(arm("A", true, 1_000, 10), arm("B", false, 1_000, 500)), EVEN,
        "ctr", 7);
    assertEquals(Outcome.REALLOCATE, d.outcome());
    assertEquals(Map.of("A", 5.0, "B", 95.0), d.weights());
    assertEquals(List.of("A", "B"), List.copyOf(d.weights().keySet()), "variant order is kept");
  }

  @Test
  void everyArmKeepsTheFloorAmongMany() {
    List<VariantCounts> counts = List.of(arm("A", true, 2_000, 20), arm("B", false, 2_000, 900),
        arm("C", false, 2_000, 25), arm("D", false, 2_000, 30));
    Map<String, Double> current = Map.of("A", 25.0, "B", 25.0, "C", 25.0, "D", 25.0);
    BanditPolicy.Decision d = POLICY.decide(counts, current, "ctr", 3);
    assertEquals(Outcome.REALLOCATE, d.outcome());
    for (String v : List.of("A", "C", "D")) {
      assertEquals(5.0, d.weights().get(v), 1e-9, v + " keeps exactly the floor: " + d.weights());
    }
    assertEquals(85.0, d.weights().get("B"), 1e-9);
  }

  @Test
  void aFloorTooLargeForTheArmsSplitsEvenly() {
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("A", 0.0);
    shares.put("B", 1.0);
    shares.put("C", 0.0);
    Map<String, Double> w = BanditPolicy.withFloor(shares, 0.5);
    assertEquals(100.0, sum(w), 1e-9);
    for (double x : w.values()) {
      assertEquals(33.33, x, 0.011, "three floors of a third leave nothing to allocate: " + w);
    }
  }

  @Test
  void weightsAreHundredthsSummingToOneHundred() {
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("A", 1 / 3.0);
    shares.put("B", 1 / 3.0);
    shares.put("C", 1 / 3.0);
    Map<String, Double> w = BanditPolicy.withFloor(shares, 0.05);
    assertEquals(100.0, sum(w), 1e-9);
    for (double x : w.values()) {
      assertEquals(Math.round(x * 100) / 100.0, x, 1e-12, "one bucket is 0.01%: " + w);
      assertTrue(x >= 5, w.toString());
    }
  }

  @Test
  void aMoveBelowOnePointIsNotWorthMovingUsers() {
    List<VariantCounts> counts = List.of(arm("A", true, 1_000, 10), arm("B", false, 1_000, 500));
    BanditPolicy.Decision same = POLICY.decide(counts, Map.of("A", 5.0, "B", 95.0), "ctr", 7);
    assertEquals(Outcome.UNCHANGED, same.outcome(), same.reason());
    assertEquals(Map.of("A", 5.0, "B", 95.0), same.weights(), "the computed weights are still reported");
    BanditPolicy.Decision close = POLICY.decide(counts, Map.of("A", 5.9, "B", 94.1), "ctr", 7);
    assertEquals(Outcome.UNCHANGED, close.outcome(), "0.9 point is below the minimum change");
    BanditPolicy.Decision far = POLICY.decide(counts, Map.of("A", 6.0, "B", 94.0), "ctr", 7);
    assertEquals(Outcome.REALLOCATE, far.outcome(), "1 point is enough");
  }

  @Test
  void noEvidenceEitherWayKeepsAnEvenSplit() {
    List<VariantCounts> counts = List.of(arm("A", true, 500, 25), arm("B", false, 500, 25));
    BanditPolicy.Decision d = POLICY.decide(counts, EVEN, "ctr", 11);
    assertEquals(Outcome.UNCHANGED, d.outcome(), d.weights().toString());
  }

  @Test
  void theSameCountsAndSeedGiveTheSameWeights() {
    List<VariantCounts> counts = List.of(arm("A", true, 1_000, 50), arm("B", false, 1_000, 58));
    BanditPolicy.Decision one = POLICY.decide(counts, EVEN, "ctr", 42);
    BanditPolicy.Decision two = POLICY.decide(counts, EVEN, "ctr", 42);
    assertEquals(one.weights(), two.weights());
  }

  @Test
  void conversionRateDecidesOnConversionsNotClicks() {
    List<VariantCounts> counts = List.of(new VariantCounts("A", true, 1_000, 500, 600, 10),
        new VariantCounts("B", false, 1_000, 500, 100, 80));
    BanditPolicy.Decision d = POLICY.decide(counts, EVEN, "conversionRate", 5);
    assertEquals(95.0, d.weights().get("B"), 1e-9, d.weights().toString());
  }
}
