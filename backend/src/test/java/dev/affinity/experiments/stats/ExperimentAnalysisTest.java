package dev.affinity.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.experiments.assignment.Assigner;
import dev.affinity.experiments.assignment.ExperimentLayout;
import dev.affinity.experiments.assignment.VariantSlot;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** End-to-end read-outs: a planted lift is found, SRM is flagged, degenerate inputs do not throw. */
class ExperimentAnalysisTest {

  private static final Map<String, Double> HALF_HALF = Map.of("A", 0.5, "B", 0.5);

  private static VariantCounts counts(String name, boolean control, long exposures, long clicks) {
    return new VariantCounts(name, control, exposures, exposures / 10, clicks, clicks / 5);
  }

  @Test
  void plantedTenPercentCtrLiftIsDetected() {
    SplittableRandom random = new SplittableRandom(42);
    long n = 200_000;
    long x0 = Simulation.bernoulli(random, n, 0.05);
    long x1 = Simulation.bernoulli(random, n, 0.055);
    ExperimentResults r = ExperimentAnalysis.analyze(List.of(counts("A", true, n, x0), counts("B", false, n, x1)),
        HALF_HALF, ExperimentAnalysis.CTR);
    VariantResult b = r.variants().get(1);
    assertTrue(b.pValue() < 0.05, "p = " + b.pValue());
    assertTrue(b.alwaysValidPValue() < 0.05, "always-valid p = " + b.alwaysValidPValue());
    assertTrue(b.chanceToBeatControl() > 0.95, "chance to beat = " + b.chanceToBeatControl());
    assertTrue(b.uplift().low() > 0 && b.uplift().low() < 0.10 && b.uplift().high() > 0.10, "uplift " + b.uplift());
    assertTrue(b.ctr().low() < 0.055 && b.ctr().high() > 0.055, "ctr " + b.ctr());
    assertFalse(r.srm().warning());
    assertTrue(r.sequentialSafe());
    assertTrue(r.verdict().startsWith("B beats A on CTR by +"), r.verdict());
    assertTrue(r.verdict().contains("chance to beat control"), r.verdict());
    VariantResult a = r.variants().get(0);
    assertNull(a.uplift());
    assertNull(a.pValue());
    assertNull(a.chanceToBeatControl());
    assertNull(a.alwaysValidPValue());
  }

  @Test
  void noDifferenceVerdictReportsThePValue() {
    ExperimentResults r = ExperimentAnalysis.analyze(List.of(counts("A", true, 10_000, 500),
        counts("B", false, 10_000, 510)), HALF_HALF, ExperimentAnalysis.CTR);
    assertTrue(r.verdict().startsWith("No significant difference yet between B and A on CTR (always-valid p = "),
        r.verdict());
    assertEquals(Proportions.twoProportionPValue(500, 10_000, 510, 10_000), r.variants().get(1).pValue(), 0);
  }

  @Test
  void primaryMetricSelectsConversions() {
    // CTR is identical, conversions differ strongly: the comparison must follow conversions
    List<VariantCounts> c = List.of(new VariantCounts("A", true, 100_000, 50_000, 5_000, 1_000),
        new VariantCounts("B", false, 100_000, 50_000, 5_000, 1_300));
    ExperimentResults r = ExperimentAnalysis.analyze(c, HALF_HALF, ExperimentAnalysis.CONVERSION_RATE);
    assertEquals(0.3, r.variants().get(1).uplift().value(), 1e-12);
    assertTrue(r.verdict().startsWith("B beats A on conversion rate by +30.0%"), r.verdict());
  }

  @Test
  void plantedSampleRatioMismatchTripsTheWarningFirst() {
    List<VariantCounts> skewed = List.of(new VariantCounts("A", true, 45_000, 4_500, 2_250, 100),
        new VariantCounts("B", false, 55_000, 5_500, 2_750, 120));
    ExperimentResults r = ExperimentAnalysis.analyze(skewed, HALF_HALF, ExperimentAnalysis.CTR);
    assertTrue(r.srm().warning());
    // χ² = 2 · 500² / 5000 = 100 with 1 df → p = erfc(√50) = 1.52e-23
    assertEquals(1.5239706048320995e-23, r.srm().pValue(), 1e-30);
    assertTrue(r.verdict().startsWith("Sample ratio mismatch: results are unreliable (p = 2e-23)."), r.verdict());
  }

  @Test
  void fairSplitFromTheAssignerDoesNotTripTheWarning() {
    ExperimentLayout layout = new ExperimentLayout("acme", "home", 0, Assigner.BUCKETS, "srm",
        List.of(new VariantSlot("A", 1), new VariantSlot("B", 1)));
    long a = 0;
    for (int u = 0; u < 10_000; u++) {
      a += Assigner.assign(layout, "user-" + u).orElseThrow().equals("A") ? 1 : 0;
    }
    long b = 10_000 - a;
    ExperimentResults r = ExperimentAnalysis.analyze(List.of(new VariantCounts("A", true, a * 3, a, a / 10, 0),
        new VariantCounts("B", false, b * 3, b, b / 10, 0)), HALF_HALF, ExperimentAnalysis.CTR);
    assertFalse(r.srm().warning(), "users " + a + "/" + b + ", p = " + r.srm().pValue());
    assertTrue(r.srm().pValue() > 0.001);
  }

  @Test
  void srmUsesWeightsAndCatchesTrafficInADrainedArm() {
    Map<String, Double> weights = Map.of("A", 80.0, "B", 20.0);
    ExperimentResults fair = ExperimentAnalysis.analyze(List.of(new VariantCounts("A", true, 8_000, 8_000, 0, 0),
        new VariantCounts("B", false, 2_000, 2_000, 0, 0)), weights, ExperimentAnalysis.CTR);
    assertEquals(1, fair.srm().pValue(), 1e-12); // exactly on the expected ratio
    ExperimentResults drained = ExperimentAnalysis.analyze(List.of(new VariantCounts("A", true, 10, 10, 0, 0),
        new VariantCounts("B", false, 1, 1, 0, 0)), Map.of("A", 1.0, "B", 0.0), ExperimentAnalysis.CTR);
    assertTrue(drained.srm().warning());
  }

  @Test
  void edgeCasesDoNotThrow() {
    ExperimentResults empty = ExperimentAnalysis.analyze(List.of(counts("A", true, 0, 0), counts("B", false, 0, 0)),
        HALF_HALF, ExperimentAnalysis.CTR);
    VariantResult b = empty.variants().get(1);
    assertNull(b.uplift());
    assertEquals(1, b.pValue(), 0);
    assertEquals(0.5, b.chanceToBeatControl(), 1e-9);
    assertFalse(empty.srm().warning());
    assertEquals("No exposures yet for B.", empty.verdict());

    ExperimentResults noClicks = ExperimentAnalysis.analyze(List.of(counts("A", true, 5_000, 0),
        counts("B", false, 5_000, 0)), HALF_HALF, ExperimentAnalysis.CTR);
    assertNull(noClicks.variants().get(1).uplift());
    assertTrue(noClicks.verdict().contains("relative uplift is undefined because A's CTR is 0"), noClicks.verdict());

    ExperimentResults controlZero = ExperimentAnalysis.analyze(List.of(counts("A", true, 50_000, 0),
        counts("B", false, 50_000, 400)), HALF_HALF, ExperimentAnalysis.CTR);
    VariantResult lift = controlZero.variants().get(1);
    assertNull(lift.uplift());
    assertTrue(lift.chanceToBeatControl() > 0.999);
    assertTrue(controlZero.verdict().startsWith("B beats A on CTR (relative uplift is undefined because A's CTR is 0)"),
        controlZero.verdict());

    ExperimentResults treatmentZero = ExperimentAnalysis.analyze(List.of(counts("A", true, 50_000, 400),
        counts("B", false, 50_000, 0)), HALF_HALF, ExperimentAnalysis.CTR);
    assertEquals(-1, treatmentZero.variants().get(1).uplift().value(), 0);
    assertTrue(treatmentZero.verdict().startsWith("B loses to A on CTR by -100.0%"), treatmentZero.verdict());

    ExperimentResults controlOnly = ExperimentAnalysis.analyze(List.of(counts("A", true, 100, 3)), Map.of("A", 1.0),
        ExperimentAnalysis.CTR);
    assertNotNull(controlOnly.verdict());
    assertFalse(controlOnly.srm().warning());

    ExperimentResults controlEmpty = ExperimentAnalysis.analyze(List.of(counts("A", true, 0, 0),
        counts("B", false, 100, 3)), HALF_HALF, ExperimentAnalysis.CTR);
    assertNull(controlEmpty.variants().get(1).uplift());
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    assertThrows(IllegalArgumentException.class, () -> new VariantCounts("A", true, 10, 1, 11, 0));
    assertThrows(IllegalArgumentException.class, () -> new VariantCounts("A", true, -1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Interval(0.5, 0.6, 0.7));
    List<VariantCounts> two = List.of(counts("A", true, 10, 1), counts("B", false, 10, 1));
    IllegalArgumentException metric = assertThrows(IllegalArgumentException.class,
        () -> ExperimentAnalysis.analyze(two, HALF_HALF, "revenue"));
    assertTrue(metric.getMessage().contains("primaryMetric"), metric.getMessage());
    IllegalArgumentException control = assertThrows(IllegalArgumentException.class, () -> ExperimentAnalysis.analyze(
        List.of(counts("A", false, 10, 1), counts("B", false, 10, 1)), HALF_HALF, ExperimentAnalysis.CTR));
    assertTrue(control.getMessage().contains("control"), control.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExperimentAnalysis.analyze(
        List.of(counts("A", true, 10, 1), counts("A", false, 10, 1)), HALF_HALF, ExperimentAnalysis.CTR));
    IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
        () -> ExperimentAnalysis.analyze(two, Map.of("A", 1.0), ExperimentAnalysis.CTR));
    assertTrue(weight.getMessage().contains("'B'"), weight.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExperimentAnalysis.analyze(List.of(), HALF_HALF,
        ExperimentAnalysis.CTR));
  }

  @Test
  void pValueFormatting() {
    assertEquals("p = 0.41", Verdict.p(0.4138));
    assertEquals("p = 0.045", Verdict.p(0.04499));
    assertEquals("p = 2e-6", Verdict.p(2.2e-6));
    assertEquals("p = 1e-3", Verdict.p(9.96e-4));
    assertEquals("p < 1e-300", Verdict.p(0));
    assertEquals(">99.9%", Verdict.chance(0.99995));
    assertEquals("97%", Verdict.chance(0.9712));
  }
}
