package dev.affinity.models.diffrec;

import dev.affinity.gpu.diffusion.NoiseSchedule;
import dev.affinity.models.Interactions;
import dev.affinity.models.Parallel;
import dev.affinity.models.nn.Batches;
import dev.affinity.models.nn.Dropout;
import java.util.SplittableRandom;

/**
 * One mini-batch of DiffRec training (mean type x₀): draw a step t per user ({@link TimestepSampler}),
 * noise the row {@code x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε}, apply input dropout, predict x̂₀ and take the
 * (optionally SNR-weighted) mean squared error against x₀; backpropagate through every layer and the
 * time embedding.
 */
final class DiffRecStep {

  private final DenoiserNet net;
  private final NoiseSchedule schedule;
  private final int threads;
  private final TimestepSampler timesteps;
  private final double[] weight;
  private final int n;
  private final int e;
  private final float[] x0;
  private final float[] sin;
  private final float[] embOut;
  /** acts[0] = [x_t, emb] (b × (n+e)); acts[l+1] = layer l's output; the last is x̂₀. */
  private final float[][] acts;
  /** grads[l] = ∂L/∂acts[l] for the hidden activations (l ≥ 1); grads[0] is unused. */
  private final float[][] grads;
  private final float[] dEmb;

  /**
   * {@code schedule} null means noise scale 0: x_t = x₀ at every step. {@code reweight} weighs step
   * t's loss by DiffRec's {@code SNR(t−1) − SNR(t)} (1 at t = 0), SNR = ᾱ/(1 − ᾱ).
   */
  DiffRecStep(DenoiserNet net, NoiseSchedule schedule, int steps, boolean reweight, boolean importance,
      int batch, int threads) {
    this.net = net;
    this.schedule = schedule;
    this.threads = threads;
    this.timesteps = new TimestepSampler(steps, importance);
    this.weight = new double[steps];
    for (int t = 0; t < steps; t++) {
      weight[t] = reweight && schedule != null && t > 0 ? snr(schedule, t - 1) - snr(schedule, t) : 1;
    }
    this.n = net.items;
    this.e = net.embedding();
    x0 = new float[batch * n];
    sin = new float[batch * e];
    embOut = new float[batch * e];
    int depth = net.layers.size();
    acts = new float[depth + 1][];
    grads = new float[depth][];
    acts[0] = new float[batch * (n + e)];
    for (int l = 0; l < depth; l++) {
      acts[l + 1] = new float[batch * net.layers.get(l).out()];
      if (l > 0) {
        grads[l] = new float[batch * net.layers.get(l).in()];
      }
    }
    dEmb = new float[batch * e];
  }

  private static double snr(NoiseSchedule s, int t) {
    double a = s.sqrtAlphasCumprod(t);
    double b = s.sqrtOneMinusAlphasCumprod(t);
    return a * a / (b * b);
  }

  /** Accumulates gradients for {@code users[from, to)}; returns the batch's mean loss. */
  double run(Interactions data, int[] users, int from, int to, double dropout, SplittableRandom rnd) {
    int b = to - from;
    Batches.dense(data, users, from, to, x0);
    float[] h0 = acts[0];
    // each row draws from its own generator, seeded in row order: parallel yet independent of threads
    int[] t = new int[b];
    long[] seeds = new long[b];
    double[] p = timesteps.distribution();
    for (int r = 0; r < b; r++) {
      t[r] = timesteps.draw(rnd, p);
      seeds[r] = rnd.nextLong();
    }
    Parallel.forRange(b, 8, threads, (w, r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        SplittableRandom rowRnd = new SplittableRandom(seeds[r]);
        float sa = schedule == null ? 1f : schedule.sqrtAlphasCumprod(t[r]);
        float sb = schedule == null ? 0f : schedule.sqrtOneMinusAlphasCumprod(t[r]);
        int xb = r * n;
        int hb = r * (n + e);
        for (int i = 0; i < n; i++) {
          h0[hb + i] = sa * x0[xb + i] + (sb == 0f ? 0f : sb * (float) rowRnd.nextGaussian());
        }
        Dropout.apply(h0, hb, hb + n, dropout, rowRnd);
        DenoiserNet.sinusoid(t[r], e, sin, r * e);
      }
    });
    net.emb.forward(sin, b, embOut);
    for (int r = 0; r < b; r++) {
      System.arraycopy(embOut, r * e, h0, r * (n + e) + n, e);
    }
    int depth = net.layers.size();
    for (int l = 0; l < depth; l++) {
      net.layers.get(l).forward(acts[l], b, acts[l + 1]);
    }
    float[] out = acts[depth];
    // per row: weighted MSE (SNR weight when reweighting), divided by T·p_t under importance sampling
    double loss = 0;
    for (int r = 0; r < b; r++) {
      double mse = 0;
      for (int k = r * n; k < (r + 1) * n; k++) {
        float d = out[k] - x0[k];
        mse += (double) d * d;
      }
      mse /= n;
      double weighted = weight[t[r]] * mse;
      timesteps.record(t[r], weighted);
      double factor = weight[t[r]] * timesteps.scale(t[r], p);
      loss += factor * mse;
      float g = (float) (2 * factor / ((double) b * n));
      for (int k = r * n; k < (r + 1) * n; k++) {
        out[k] = g * (out[k] - x0[k]);
      }
    }
    // back through the stack; the first layer skips ∂L/∂input (n + e wide) and leaves its
    // pre-activation gradient in dy, from which only the embedding's part is needed
    float[] dy = out;
    for (int l = depth - 1; l >= 0; l--) {
      float[] dx = l == 0 ? null : grads[l];
      net.layers.get(l).backward(acts[l], acts[l + 1], dy, b, dx);
      if (l > 0) {
        dy = dx;
      }
    }
    // ∂L/∂emb = dy (first layer's pre-activation gradient) · W_first[:, n:n+e]
    float[] w = net.first().weight();
    int width = net.first().out();
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < e; i++) {
        float acc = 0f;
        for (int o = 0; o < width; o++) {
          acc += dy[r * width + o] * w[o * (n + e) + n + i];
        }
        dEmb[r * e + i] = acc;
      }
    }
    net.emb.backward(sin, embOut, dEmb, b, null);
    return loss / b;
  }
}
