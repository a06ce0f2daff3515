package dev.affinity.gpu.diffusion;

import dev.affinity.gpu.runtime.CudaDevice;
import dev.affinity.gpu.runtime.DeviceBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CUDA diffusion sampler ({@code src/main/cuda/diffusion.cu}). Weights are uploaded once by
 * {@link #load} and stay resident until the handle is closed. Per step, each layer is one
 * {@code gemm_nt_epilogue} launch: bias + tanh fused into the hidden layers, and the posterior-mean
 * update fused into the last layer, so x̂₀ never goes to memory. The step's time embedding is
 * folded into the first layer's bias on the host (one small vector per step).
 */
public final class CudaDiffusionSampler implements DiffusionSampler {
  static final int TILE = 64;

  private final CudaDevice device;

  public CudaDiffusionSampler(CudaDevice device) {
    this.device = device;
  }

  @Override
  public String name() {
    return "CUDA fused MLP steps on " + device.name();
  }

  @Override
  public Denoiser load(DenoiserWeights weights) {
    return device.call(() -> {
      List<DeviceBuffer> w = new ArrayList<>();
      List<DeviceBuffer> bias = new ArrayList<>();
      try {
        for (DenoiserWeights.Linear l : weights.layers()) {
          w.add(device.allocate(4L * l.weight().length).upload(l.weight(), l.weight().length));
          bias.add(device.allocate(4L * l.out()).upload(l.bias(), l.out()));
        }
      } catch (RuntimeException e) {
        w.forEach(DeviceBuffer::close);
        bias.forEach(DeviceBuffer::close);
        throw e;
      }
      return new CudaDenoiser(weights, w, bias);
    });
  }

  private final class CudaDenoiser implements Denoiser {
    private final DenoiserWeights weights;
    private final List<DeviceBuffer> w;
    private final List<DeviceBuffer> bias;
    private boolean closed;

    CudaDenoiser(DenoiserWeights weights, List<DeviceBuffer> w, List<DeviceBuffer> bias) {
      this.weights = weights;
      this.w = w;
      this.bias = bias;
    }

    @Override
    public int items() {
      return weights.items();
    }

    @Override
    public float[] sample(float[] x, int b, NoiseSchedule schedule, int startStep, long noiseSeed) {
      int n = weights.items();
      SampleArgs.check(x, b, n, schedule, startStep);
      if (b == 0) {
        return new float[0];
      }
      int steps = schedule.steps();
      int h0 = weights.layers().get(0).out();
      float[] stepBias = new float[steps * h0];
      for (int t = 0; t < steps; t++) {
        System.arraycopy(TimeEmbedding.firstLayerBias(weights, t), 0, stepBias, t * h0, h0);
      }
      return device.call(() -> {
        if (closed) {
          throw new IllegalStateException("denoiser is closed");
        }
        return run(x, b, schedule, startStep, noiseSeed, stepBias);
      });
    }

    private float[] run(float[] x, int b, NoiseSchedule schedule, int startStep, long noiseSeed, float[] stepBias) {
      int n = weights.items();
      List<DenoiserWeights.Linear> layers = weights.layers();
      int last = layers.size() - 1;
      int h0 = layers.get(0).out();
      List<DeviceBuffer> hidden = new ArrayList<>();
      try (DeviceBuffer xa0 = device.allocate(4L * b * n).upload(x, b * n);
          DeviceBuffer xb0 = device.allocate(4L * b * n);
          DeviceBuffer biasT = device.allocate(4L * stepBias.length).upload(stepBias, stepBias.length)) {
        for (int l = 0; l < last; l++) {
          hidden.add(device.allocate(4L * b * layers.get(l).out()));
        }
        DeviceBuffer xa = xa0;
        DeviceBuffer xb = xb0;
        if (startStep > 0) {
          int t = startStep - 1;
          long total = (long) b * n;
          int grid = (int) Math.min(4L * device.multiprocessors() * 8, (total + 255) / 256);
          device.launch("q_sample", grid, 1, 256, 0, xa, total, n, schedule.sqrtAlphasCumprod(t),
              schedule.sqrtOneMinusAlphasCumprod(t), noiseSeed);
        }
        for (int t = schedule.steps() - 1; t >= 0; t--) {
          for (int l = 0; l <= last; l++) {
            DenoiserWeights.Linear layer = layers.get(l);
            DeviceBuffer a = l == 0 ? xa : hidden.get(l - 1);
            int lda = l == 0 ? n : layers.get(l - 1).out();
            int depth = l == 0 ? n : layer.in();
            DeviceBuffer c = l == last ? xb : hidden.get(l);
            int out = layer.out();
            int mode = l == last ? 2 : 1;
            Object biasArg = l == 0 ? biasT.at(4L * t * h0) : bias.get(l);
            device.launch("gemm_nt_epilogue", (out + TILE - 1) / TILE, (b + TILE - 1) / TILE, 256, 0,
                a, lda, w.get(l), layer.in(), biasArg, c, out, b, out, depth, mode,
                schedule.coef1(t), schedule.coef2(t), xa, n);
          }
          DeviceBuffer swap = xa;
          xa = xb;
          xb = swap;
        }
        device.synchronize();
        float[] result = new float[b * n];
        xa.download(result, b * n);
        return result;
      } finally {
        hidden.forEach(DeviceBuffer::close);
      }
    }

    @Override
    public void close() {
      device.call(() -> {
        if (!closed) {
          closed = true;
          w.forEach(DeviceBuffer::close);
          bias.forEach(DeviceBuffer::close);
        }
        return null;
      });
    }
  }
}
