package dev.affinity.gpu.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.gpu.cpu.MicroKernel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CPU sampler against the double-precision transcription of DiffRec. */
class CpuDiffusionSamplerTest {
  private static final ForkJoinPool POOL = new ForkJoinPool(3);

  @AfterAll
  static void shutdown() {
    POOL.shutdownNow();
  }

  @ParameterizedTest(name = "b={0} n={1} e={2} hidden={3} T={4} start={5} noiseFree={6}")
  @CsvSource({
      "1, 1, 1, '', 1, 0, false",
      "1, 37, 4, 16, 3, 0, false",
      "5, 37, 5, 16, 5, 2, false",
      "9, 100, 10, '40 24', 5, 5, false",
      "6, 70, 6, 33, 4, 0, true",
      "13, 257, 10, 64, 2, 1, false",
  })
  void matchesDiffRecReference(int b, int n, int e, String hidden, int steps, int start, boolean noiseFree) {
    Random rnd = new Random(11L * n + b);
    int[] dims = hidden.isBlank() ? new int[0]
        : java.util.Arrays.stream(hidden.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    DenoiserWeights w = NaiveDiffRec.randomWeights(rnd, n, e, dims);
    float[] x = NaiveDiffRec.interactions(rnd, b, n, 0.2);
    NoiseSchedule s = noiseFree ? NoiseSchedule.noiseFree(steps)
        : NoiseSchedule.linearVariance(steps, 0.1, 0.0005, 0.005);
    double[] expected = NaiveDiffRec.sample(w, x, b, s, start, 99);
    for (MicroKernel k : List.of(MicroKernel.best(), MicroKernel.scalar())) {
      try (DiffusionSampler.Denoiser d = new CpuDiffusionSampler(POOL, k).load(w)) {
        float[] actual = d.sample(x, b, s, start, 99);
        assertEquals(b * n, actual.length);
        double err = NaiveDiffRec.relativeError(actual, expected);
        assertTrue(err < 1e-5, k.name() + ": relative error " + err);
      }
    }
  }

  @Test
  void isDeterministicAndThreadCountIndependent() {
    Random rnd = new Random(5);
    DenoiserWeights w = NaiveDiffRec.randomWeights(rnd, 300, 10, 64);
    float[] x = NaiveDiffRec.interactions(rnd, 70, 300, 0.1);
    NoiseSchedule s = NoiseSchedule.linearVariance(5, 0.1, 0.0005, 0.005);
    ForkJoinPool single = new ForkJoinPool(1);
    try (DiffusionSampler.Denoiser a = new CpuDiffusionSampler(POOL, MicroKernel.best()).load(w);
        DiffusionSampler.Denoiser c = new CpuDiffusionSampler(single, MicroKernel.best()).load(w)) {
      float[] first = a.sample(x, 70, s, 3, 7);
      assertArrayEquals(first, a.sample(x, 70, s, 3, 7));
      assertArrayEquals(first, c.sample(x, 70, s, 3, 7));
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void scheduleMatchesDiffRecFormulas() {
    NoiseSchedule s = NoiseSchedule.linearVariance(5, 0.1, 0.0005, 0.005);
    assertEquals(5, s.steps());
    // beta_0 is fixed to 1e-5, so at t = 0 the posterior mean is the prediction itself
    assertEquals(1f, s.coef1(0), 1e-6f);
    assertEquals(0f, s.coef2(0), 1e-6f);
    assertEquals((float) Math.sqrt(1 - 1e-5), s.sqrtAlphasCumprod(0), 1e-7f);
    // variance is linear from 5e-5 to 5e-4: 1 - acp_t = variance_t for t >= 1 (up to beta_0's fix)
    double acp4 = (1 - 1e-5) * (1 - 5e-4) / (1 - 5e-5);
    assertEquals((float) Math.sqrt(acp4), s.sqrtAlphasCumprod(4), 1e-7f);
    assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.fromBetas(new double[] {0.1, 0}));
  }

  @Test
  void rejectsBadArguments() {
    Random rnd = new Random(1);
    assertThrows(IllegalArgumentException.class, () -> NaiveDiffRec.randomWeights(rnd, 0, 2));
    DenoiserWeights w = NaiveDiffRec.randomWeights(rnd, 8, 2, 4);
    DenoiserWeights.Linear first = w.layers().get(0);
    assertThrows(IllegalArgumentException.class, () -> new DenoiserWeights(8, 2, w.embWeight(), w.embBias(),
        List.of(first)));
    try (DiffusionSampler.Denoiser d = new CpuDiffusionSampler(POOL, MicroKernel.best()).load(w)) {
      NoiseSchedule s = NoiseSchedule.noiseFree(2);
      assertThrows(IllegalArgumentException.class, () -> d.sample(new float[15], 2, s, 0, 1));
      assertThrows(IllegalArgumentException.class, () -> d.sample(new float[16], 2, s, 3, 1));
      assertEquals(0, d.sample(new float[0], 0, s, 0, 1).length);
    }
  }
}
