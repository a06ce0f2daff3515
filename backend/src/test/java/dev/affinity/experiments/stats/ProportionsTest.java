package dev.affinity.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Wilson intervals, the pooled z-test and the log-ratio uplift interval against hand computation (z = 1.959964). */
class ProportionsTest {

  private static final double EPS = 1e-6;

  @Test
  void wilsonIntervalByHand() {
    // 10/100: p = 0.1, z²/n = 0.0384146, denominator 1.0384146;
    // centre = (0.1 + 0.0192073) / 1.0384146 = 0.1147980;
    // half = 1.959964 / 1.0384146 · sqrt(0.0009 + 0.00000960) = 1.887454 · 0.0302584 = 0.0595683
    Interval i = Proportions.wilson(10, 100);
    assertEquals(0.1, i.value(), 1e-15);
    assertEquals(0.0552291, i.low(), EPS);
    assertEquals(0.1743657, i.high(), EPS);
    // 0/10: p = 0, centre = half = 0.1920729 / 2 / 1.3841459 ... → [0, z²/(n + z²)] = [0, 3.841459 / 13.841459]
    Interval zero = Proportions.wilson(0, 10);
    assertEquals(0, zero.low(), 0);
    assertEquals(3.841458820694124 / 13.841458820694124, zero.high(), 1e-12);
    // 5/5 mirrors 0/5: [n / (n + z²), 1]
    Interval all = Proportions.wilson(5, 5);
    assertEquals(5 / 8.841458820694124, all.low(), 1e-12);
    assertEquals(1, all.high(), 0);
    Interval none = Proportions.wilson(0, 0);
    assertEquals(0, none.low(), 0);
    assertEquals(1, none.high(), 0);
  }

  @Test
  void pooledTwoProportionZTestByHand() {
    // 50/1000 vs 60/1000: pooled 0.055, Var = 0.055 · 0.945 · 0.002 = 1.0395e-4, z = 0.01 / 0.0101956 = 0.980816;
    // two-sided p = erfc(0.980816 / √2) = 0.326683
    assertEquals(0.3266833, Proportions.twoProportionPValue(50, 1000, 60, 1000), EPS);
    assertEquals(1, Proportions.twoProportionPValue(0, 1000, 0, 1000), 0); // no variance: no evidence
    assertEquals(1, Proportions.twoProportionPValue(5, 10, 0, 0), 0);
  }

  @Test
  void upliftIntervalIsDeltaMethodOnTheLogRatio() {
    // ratio 0.06 / 0.05 = 1.2; se(ln ratio) = sqrt(0.94/60 + 0.95/50) = sqrt(0.0156667 + 0.019) = 0.1888562;
    // exp(ln 1.2 ± 1.959964 · 0.1888562) − 1 = [−0.166902, +0.728488]
    Interval u = Proportions.relativeUplift(50, 1000, 60, 1000);
    assertEquals(0.2, u.value(), 1e-12);
    assertEquals(-0.1669019, u.low(), EPS);
    assertEquals(0.7284879, u.high(), EPS);
  }

  @Test
  void upliftUndefinedOrDegenerateCases() {
    assertNull(Proportions.relativeUplift(0, 1000, 10, 1000)); // control rate 0
    assertNull(Proportions.relativeUplift(0, 0, 10, 1000)); // no control data
    assertNull(Proportions.relativeUplift(10, 1000, 0, 0)); // no treatment data
    Interval wiped = Proportions.relativeUplift(50, 1000, 0, 1000); // treatment lost every click: −100%
    assertEquals(-1, wiped.value(), 0);
    assertEquals(-1, wiped.low(), 0);
    assertEquals(true, wiped.high() > -1 && wiped.high() < 0, "upper bound " + wiped.high());
  }
}
