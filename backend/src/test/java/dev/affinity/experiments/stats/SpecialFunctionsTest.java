package dev.affinity.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Special functions against closed forms and table values. */
class SpecialFunctionsTest {

  @Test
  void lnGammaMatchesFactorialsAndSqrtPi() {
    assertEquals(Math.log(362_880), SpecialFunctions.lnGamma(10), 1e-12); // Γ(10) = 9!
    assertEquals(0.5 * Math.log(Math.PI), SpecialFunctions.lnGamma(0.5), 1e-12); // Γ(1/2) = √π
    assertEquals(0, SpecialFunctions.lnGamma(1), 1e-14);
    // Stirling with two correction terms is exact to ~1e-12 at 1e6
    double x = 1e6;
    double stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
    assertEquals(stirling, SpecialFunctions.lnGamma(x), 1e-6);
  }

  @Test
  void normalAndChiSquareTails() {
    assertEquals(0.975, SpecialFunctions.normalCdf(Proportions.Z95), 1e-12);
    assertEquals(0.5, SpecialFunctions.normalCdf(0), 1e-15);
    assertEquals(0.15729920705028513, SpecialFunctions.erfc(1), 1e-14);
    assertEquals(1.8427007929497148, SpecialFunctions.erfc(-1), 1e-14);
    // far tail without cancellation: erfc(√50) = P(χ²₁ > 100)
    assertEquals(1.5239706048320995e-23, SpecialFunctions.chiSquareSurvival(100, 1), 1e-33);
    assertEquals(0.05, SpecialFunctions.chiSquareSurvival(3.841458820694124, 1), 1e-12);
    // df = 2 is the exponential distribution: Q = exp(−x/2)
    assertEquals(Math.exp(-3.7), SpecialFunctions.chiSquareSurvival(7.4, 2), 1e-14);
    assertEquals(1, SpecialFunctions.chiSquareSurvival(0, 3), 0);
  }

  @Test
  void incompleteBetaMatchesBinomialSums() {
    // I_x(a, n−a+1) = P(Binomial(n, x) >= a): I_0.4(2, 3) = 6·.4²·.6² + 4·.4³·.6 + .4⁴ = .3456 + .1536 + .0256
    assertEquals(0.5248, SpecialFunctions.betaI(2, 3, 0.4), 1e-14);
    assertEquals(0.3, SpecialFunctions.betaI(1, 1, 0.3), 1e-14); // uniform
    assertEquals(1 - Math.pow(0.9, 50), SpecialFunctions.betaI(1, 50, 0.1), 1e-13);
    assertEquals(0.5, SpecialFunctions.betaI(1e5, 1e5, 0.5), 1e-9); // symmetric, large parameters
  }
}
