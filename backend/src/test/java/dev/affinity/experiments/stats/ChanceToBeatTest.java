package dev.affinity.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The numerical integral against closed forms, and the large-n approximation against the integral. */
class ChanceToBeatTest {

  /**
   * Evan Miller's exact sum for integer aB: P(p_B &gt; p_A) = Σ_{i=0}^{aB−1} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB)
   * B(aA, bA)) ("Formulas for Bayesian A/B Testing", 2015).
   */
  private static double miller(int aA, int bA, int aB, int bB) {
    double sum = 0;
    for (int i = 0; i < aB; i++) {
      sum += Math.exp(lnBeta(aA + i, bA + bB) - Math.log(bB + i) - lnBeta(1 + i, bB) - lnBeta(aA, bA));
    }
    return sum;
  }

  private static double lnBeta(double a, double b) {
    return SpecialFunctions.lnGamma(a) + SpecialFunctions.lnGamma(b) - SpecialFunctions.lnGamma(a + b);
  }

  @Test
  void closedForms() {
    assertEquals(0.5, ChanceToBeat.of(0, 0, 0, 0), 1e-9); // two uniform posteriors
    // B ~ Beta(2, 1) (density 2t) vs uniform A: ∫ 2t · t dt = 2/3
    assertEquals(2.0 / 3, ChanceToBeat.of(0, 0, 1, 1), 1e-9);
    assertEquals(0.5, ChanceToBeat.of(500, 10_000, 500, 10_000), 1e-9); // identical arms
  }

  @Test
  void integralMatchesMillersSumToOneInTenThousand() {
    int[][] cases = {{11, 91, 16, 86}, {3, 50, 1, 30}, {51, 951, 71, 931}, {2, 1000, 30, 200}, {1, 1, 5, 100},
        {501, 9501, 551, 9451}, {5001, 95001, 5101, 94901}, {300, 20, 280, 40}};
    for (int[] c : cases) {
      double expected = miller(c[0], c[1], c[2], c[3]);
      assertEquals(expected, ChanceToBeat.posterior(c[0], c[1], c[2], c[3]), 1e-5, java.util.Arrays.toString(c));
    }
  }

  @Test
  void largeSamplesUseTheSkewCorrectedNormalWithoutLosingAccuracy() {
    // just below the threshold the integral runs, just above the Edgeworth approximation: they must agree
    double below = ChanceToBeat.posterior(9_999, 190_000, 10_099, 189_900);
    double above = ChanceToBeat.posterior(10_001, 190_002, 10_101, 189_902);
    assertEquals(below, above, 1e-3); // the parameters differ slightly, so the probabilities differ slightly
    assertEquals(miller(10_001, 190_002, 10_101, 189_902), above, 1e-4);
    // billions of exposures: no overflow, no stall, sensible answer
    double huge = ChanceToBeat.of(50_000_000L, 1_000_000_000L, 50_010_000L, 1_000_000_000L);
    assertTrue(huge > 0.84 && huge < 0.86, "P = " + huge); // z = 1e-5 / sqrt(2 · 0.05 · 0.95 / 1e9) = 1.026
    assertEquals(SpecialFunctions.normalCdf(1e-5 / Math.sqrt(2 * 0.05 * 0.95 / 1e9)), huge, 1e-4);
  }
}
