package dev.affinity.gpu.runtime;

import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.cpu.Parallel;
import dev.affinity.gpu.diffusion.CpuDiffusionSampler;
import dev.affinity.gpu.diffusion.CudaDiffusionSampler;
import dev.affinity.gpu.diffusion.DenoiserWeights;
import dev.affinity.gpu.diffusion.DiffusionSampler;
import dev.affinity.gpu.diffusion.NoiseSchedule;
import dev.affinity.gpu.similarity.CpuSimilarityTopK;
import dev.affinity.gpu.similarity.CudaSimilarityTopK;
import dev.affinity.gpu.similarity.Metric;
import dev.affinity.gpu.similarity.TopKResult;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/**
 * A few milliseconds of real work on the device, compared with the CPU twins, before the CUDA path
 * is trusted: a driver that loads the PTX but computes garbage (or a kernel bug on a new GPU)
 * then falls back to the CPU under AFFINITY_GPU=auto instead of serving wrong results.
 */
final class SelfTest {
  private SelfTest() {}

  static void run(CudaDevice device) {
    Random rnd = new Random(20240601L);
    int b = 5;
    int n = 203;
    int d = 7;
    int k = 9;
    float[] q = gaussian(rnd, b * d, 1);
    float[] v = gaussian(rnd, n * d, 1);
    int[] rowPtr = {0, 0, 2, 2, 3, 3};
    int[] ex = {5, 17, 200};
    ForkJoinPool pool = Parallel.defaultPool();
    for (Metric m : Metric.values()) {
      TopKResult gpu = new CudaSimilarityTopK(device).topK(q, b, v, n, d, k, m, rowPtr, ex);
      TopKResult cpu = new CpuSimilarityTopK(pool, MicroKernel.best()).topK(q, b, v, n, d, k, m, rowPtr, ex);
      if (!cpu.equals(gpu)) {
        throw new IllegalStateException("similarity top-k (" + m + ") differs from the CPU twin");
      }
    }
    int items = 50;
    int e = 4;
    int h = 12;
    DenoiserWeights w = new DenoiserWeights(items, e, gaussian(rnd, e * e, 0.5), gaussian(rnd, e, 0.01), List.of(
        new DenoiserWeights.Linear(items + e, h, gaussian(rnd, (items + e) * h, 0.2), gaussian(rnd, h, 0.01)),
        new DenoiserWeights.Linear(h, items, gaussian(rnd, h * items, 0.3), gaussian(rnd, items, 0.01))));
    float[] x = gaussian(rnd, 3 * items, 1);
    NoiseSchedule s = NoiseSchedule.linearVariance(3, 0.1, 0.0005, 0.005);
    float[] gpu;
    float[] cpu;
    try (DiffusionSampler.Denoiser g = new CudaDiffusionSampler(device).load(w);
        DiffusionSampler.Denoiser c = new CpuDiffusionSampler(pool, MicroKernel.best()).load(w)) {
      gpu = g.sample(x, 3, s, 2, 77);
      cpu = c.sample(x, 3, s, 2, 77);
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < cpu.length; i++) {
      num += (gpu[i] - cpu[i]) * (double) (gpu[i] - cpu[i]);
      den += cpu[i] * (double) cpu[i];
    }
    if (!(Math.sqrt(num / den) < 1e-4)) {
      throw new IllegalStateException("diffusion sampling differs from the CPU twin: relative error "
          + Math.sqrt(num / den));
    }
  }

  private static float[] gaussian(Random rnd, int count, double std) {
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (float) (rnd.nextGaussian() * std);
    }
    return a;
  }
}
