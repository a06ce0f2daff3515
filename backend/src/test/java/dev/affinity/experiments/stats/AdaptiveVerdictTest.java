package dev.affinity.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read-out of a bandit experiment is honest about its adaptive weights: no sample-ratio check (so no false alarm
 * when the weights moved on purpose), not sequential-safe, and a verdict that describes the leader with its chance to
 * beat control and the weights in force, and never declares a winner.
 */
class AdaptiveVerdictTest {
  private static final Map<String, Double> MOVED = Map.of("A", 5.0, "B", 95.0);

  @Test
  void weightsThatMovedOnPurposeRaiseNoSampleRatioAlarmAndDeclareNoWinner() {
    // users split 1:9 against a configured 50/50 would be a loud SRM under fixed weights
    List<VariantCounts> counts = List.of(new VariantCounts("A", true, 400, 200, 20, 2),
        new VariantCounts("B", false, 3_600, 1_800, 1_500, 40));
    assertTrue(ExperimentAnalysis.analyze(counts, Map.of("A", 0.5, "B", 0.5), "ctr").srm().warning());

    ExperimentResults r = ExperimentAnalysis.analyzeAdaptive(counts, MOVED, "ctr");
    assertNull(r.srm());
    assertFalse(r.sequentialSafe());
    assertEquals("Traffic is allocated adaptively (Thompson sampling on CTR), so this read-out describes rather than"
        + " tests: the sample-ratio check does not apply, and the p-values and intervals assume fixed weights, so"
        + " treat them as indicative. B leads on CTR at 41.67% against 5.00% for the control A, >99.9% chance to"
        + " beat control. Current weights: A 5%, B 95%. To confirm a winner with a valid test, compare it with the"
        + " control in a fixed-allocation experiment.", r.verdict());
    assertEquals(r.variants(), ExperimentAnalysis.analyze(counts, Map.of("A", 0.5, "B", 0.5), "ctr").variants(),
        "the per-variant numbers are the same; only their reading differs");
  }

  @Test
  void aLeadingControlAndAnEmptyExperimentAreSaidPlainly() {
    List<VariantCounts> controlAhead = List.of(new VariantCounts("A", true, 500, 250, 60, 0),
        new VariantCounts("B", false, 500, 250, 40, 0), new VariantCounts("C", false, 0, 0, 0, 0));
    String v = ExperimentAnalysis.analyzeAdaptive(controlAhead, Map.of("A", 45.0, "B", 45.0, "C", 10.0), "ctr")
        .verdict();
    assertTrue(v.contains("The control A leads on CTR at 12.00%."), v);
    assertTrue(v.contains("Current weights: A 45%, B 45%, C 10%."), v);

    List<VariantCounts> none = List.of(new VariantCounts("A", true, 0, 0, 0, 0),
        new VariantCounts("B", false, 0, 0, 0, 0));
    String empty = ExperimentAnalysis.analyzeAdaptive(none, Map.of("A", 33.33, "B", 66.67), "conversionRate")
        .verdict();
    assertTrue(empty.contains("(Thompson sampling on conversion rate)"), empty);
    assertTrue(empty.contains("No exposures yet. Current weights: A 33.33%, B 66.67%."), empty);
  }
}
