package dev.affinity.gpu.diffusion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.testing.GpuTestSupport;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CUDA sampler against the DiffRec reference (small) and the CPU twin (larger shapes). */
@Tag("gpu")
class CudaDiffusionSamplerGpuTest {
  @BeforeAll
  static void requireDevice() {
    GpuTestSupport.cuda(); // skips the class without a usable CUDA device
  }

  private static final Logger LOG = LoggerFactory.getLogger(CudaDiffusionSamplerGpuTest.class);

  @ParameterizedTest(name = "b={0} n={1} e={2} hidden={3} T={4} start={5}")
  @CsvSource({
      "1, 1, 1, '', 1, 0",
      "5, 37, 5, 16, 5, 2",
      "9, 100, 10, '40 24', 5, 5",
      "13, 257, 10, 64, 2, 1",
      "70, 1000, 10, 200, 5, 0",
      // DiffRec's ML-1M reference denoiser (dims [200, 600]: 2820 -> 600 -> 200 -> 600 -> 2810), T = 40
      "8, 2810, 10, '600 200 600', 40, 0",
  })
  void matchesReferenceAndCpuTwin(int b, int n, int e, String hidden, int steps, int start) {
    Random rnd = new Random(11L * n + b);
    int[] dims = hidden.isBlank() ? new int[0]
        : java.util.Arrays.stream(hidden.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    DenoiserWeights w = NaiveDiffRec.randomWeights(rnd, n, e, dims);
    float[] x = NaiveDiffRec.interactions(rnd, b, n, 0.1);
    NoiseSchedule s = NoiseSchedule.linearVariance(steps, 0.1, 0.0005, 0.005);
    float[] gpu;
    float[] cpu;
    try (DiffusionSampler.Denoiser g = GpuTestSupport.cuda().diffusion().load(w);
        DiffusionSampler.Denoiser c = new CpuDiffusionSampler(ForkJoinPool.commonPool(), MicroKernel.best()).load(w)) {
      gpu = g.sample(x, b, s, start, 5);
      cpu = c.sample(x, b, s, start, 5);
    }
    double vsRef = NaiveDiffRec.relativeError(gpu, NaiveDiffRec.sample(w, x, b, s, start, 5));
    double[] cpuD = new double[cpu.length];
    for (int i = 0; i < cpu.length; i++) {
      cpuD[i] = cpu[i];
    }
    double vsCpu = NaiveDiffRec.relativeError(gpu, cpuD);
    LOG.info("b={} n={}: relative error vs reference {}, vs CPU twin {}", b, n, vsRef, vsCpu);
    assertTrue(vsRef < 1e-5, "vs reference: " + vsRef);
    assertTrue(vsCpu < 1e-5, "vs CPU twin: " + vsCpu);
  }
}
