package dev.affinity.gpu.diffusion;

import dev.affinity.gpu.cpu.Gemm;
import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.cpu.Panels;
import dev.affinity.gpu.cpu.Parallel;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

/**
 * CPU twin of the CUDA diffusion sampler. Each layer is a blocked {@link Gemm} on weights packed
 * once at {@link #load}; bias, tanh and the posterior-mean update run as the GEMM's epilogue while
 * the output block is still in cache, the same fusion the CUDA kernel does.
 */
public final class CpuDiffusionSampler implements DiffusionSampler {
  private final ForkJoinPool pool;
  private final MicroKernel kernel;

  /** Uses {@link Parallel#defaultPool()} and the best micro-kernel of this JVM. */
  public CpuDiffusionSampler() {
    this(Parallel.defaultPool(), MicroKernel.best());
  }

  /** Uses the given pool and micro-kernel. */
  public CpuDiffusionSampler(ForkJoinPool pool, MicroKernel kernel) {
    this.pool = pool;
    this.kernel = kernel;
  }

  @Override
  public String name() {
    return "CPU (" + kernel.name() + ", " + pool.getParallelism() + " threads)";
  }

  @Override
  public Denoiser load(DenoiserWeights weights) {
    List<DenoiserWeights.Linear> layers = weights.layers();
    Panels[] packed = new Panels[layers.size()];
    for (int l = 0; l < layers.size(); l++) {
      DenoiserWeights.Linear layer = layers.get(l);
      int depth = l == 0 ? weights.items() : layer.in();
      packed[l] = Panels.pack(layer.weight(), layer.out(), depth, layer.in(), 0, kernel.width());
    }
    return new CpuDenoiser(weights, packed);
  }

  private final class CpuDenoiser implements Denoiser {
    private final DenoiserWeights weights;
    private final Panels[] packed;
    private final ConcurrentHashMap<Integer, float[]> firstBias = new ConcurrentHashMap<>();
    private volatile boolean closed;

    CpuDenoiser(DenoiserWeights weights, Panels[] packed) {
      this.weights = weights;
      this.packed = packed;
    }

    @Override
    public int items() {
      return weights.items();
    }

    @Override
    public float[] sample(float[] x, int b, NoiseSchedule schedule, int startStep, long noiseSeed) {
      if (closed) {
        throw new IllegalStateException("denoiser is closed");
      }
      int n = weights.items();
      SampleArgs.check(x, b, n, schedule, startStep);
      if (b == 0) {
        return new float[0];
      }
      int rows = (b + MicroKernel.ROWS - 1) / MicroKernel.ROWS * MicroKernel.ROWS;
      int last = packed.length - 1;
      int ldx = packed[last].paddedRows();
      float[] xa = new float[rows * ldx];
      float[] xb = new float[rows * ldx];
      for (int r = 0; r < b; r++) {
        System.arraycopy(x, r * n, xa, r * ldx, n);
      }
      if (startStep > 0) {
        int t = startStep - 1;
        GaussianNoise.noise(xa, b, n, ldx, schedule.sqrtAlphasCumprod(t),
            schedule.sqrtOneMinusAlphasCumprod(t), noiseSeed);
      }
      float[][] hidden = new float[last][];
      for (int l = 0; l < last; l++) {
        hidden[l] = new float[rows * packed[l].paddedRows()];
      }
      for (int t = schedule.steps() - 1; t >= 0; t--) {
        float[] bias0 = firstBias.computeIfAbsent(t, s -> TimeEmbedding.firstLayerBias(weights, s));
        float c1 = schedule.coef1(t);
        float c2 = schedule.coef2(t);
        for (int l = 0; l <= last; l++) {
          float[] a = l == 0 ? xa : hidden[l - 1];
          int lda = l == 0 ? ldx : packed[l - 1].paddedRows();
          float[] bias = l == 0 ? bias0 : weights.layers().get(l).bias();
          int out = weights.layers().get(l).out();
          if (l < last) {
            Gemm.multiply(pool, kernel, a, rows, lda, packed[l], hidden[l], packed[l].paddedRows(),
                (c, ldc, r0, r1, j0, j1) -> tanhBias(c, ldc, r0, r1, j0, Math.min(j1, out), bias));
          } else {
            float[] xt = xa;
            Gemm.multiply(pool, kernel, a, rows, lda, packed[l], xb, ldx,
                (c, ldc, r0, r1, j0, j1) -> posterior(c, ldc, r0, r1, j0, Math.min(j1, out), bias, c1, c2, xt));
          }
        }
        float[] swap = xa;
        xa = xb;
        xb = swap;
      }
      float[] result = new float[b * n];
      for (int r = 0; r < b; r++) {
        System.arraycopy(xa, r * ldx, result, r * n, n);
      }
      return result;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static void tanhBias(float[] c, int ldc, int r0, int r1, int j0, int j1, float[] bias) {
    for (int r = r0; r < r1; r++) {
      int base = r * ldc;
      for (int j = j0; j < j1; j++) {
        c[base + j] = (float) Math.tanh(c[base + j] + bias[j]);
      }
    }
  }

  static void posterior(float[] c, int ldc, int r0, int r1, int j0, int j1, float[] bias, float c1,
      float c2, float[] xt) {
    for (int r = r0; r < r1; r++) {
      int base = r * ldc;
      for (int j = j0; j < j1; j++) {
        float x0 = c[base + j] + bias[j];
        c[base + j] = c1 * x0 + c2 * xt[base + j];
      }
    }
  }
}
