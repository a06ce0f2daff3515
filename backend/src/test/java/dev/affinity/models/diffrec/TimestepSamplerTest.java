package dev.affinity.models.diffrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Importance sampling of diffusion steps: uniform until every step has a loss history, then ∝ √E[L²]. */
class TimestepSamplerTest {

  @Test
  void staysUniformUntilEveryStepHasItsHistory() {
    TimestepSampler s = new TimestepSampler(3, true);
    for (int i = 0; i < TimestepSampler.HISTORY; i++) {
      s.record(0, 1);
      s.record(1, 1);
    }
    assertNull(s.distribution());
    assertEquals(1.0, s.scale(2, null));
  }

  @Test
  void drawsHardStepsMoreOftenAndScalesTheLossBack() {
    TimestepSampler s = new TimestepSampler(2, true);
    for (int i = 0; i < TimestepSampler.HISTORY; i++) {
      s.record(0, 1);
      s.record(1, 3);
    }
    double[] p = s.distribution();
    assertEquals(0.25, p[0], 1e-3);
    assertEquals(0.75, p[1], 1e-3);
    assertEquals(1 / (2 * p[1]), s.scale(1, p), 1e-12);
    SplittableRandom rnd = new SplittableRandom(5);
    int ones = 0;
    for (int i = 0; i < 10_000; i++) {
      ones += s.draw(rnd, p);
    }
    assertTrue(Math.abs(ones - 7_500) < 200, "step 1 drawn " + ones + " times of 10000");
  }

  @Test
  void withoutImportanceSamplingTheDistributionIsUniform() {
    TimestepSampler s = new TimestepSampler(2, false);
    for (int i = 0; i < TimestepSampler.HISTORY; i++) {
      s.record(0, 1);
      s.record(1, 3);
    }
    assertNull(s.distribution());
  }
}
