package dev.affinity.models.diffrec;

import dev.affinity.gpu.diffusion.DenoiserWeights;
import dev.affinity.models.nn.Activation;
import dev.affinity.models.nn.Adam;
import dev.affinity.models.nn.Dense;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * DiffRec's denoiser (the reference {@code DNN} with one hidden layer): a time embedding
 * {@code emb = W_e·sinusoid(t) + b_e} of size e, then {@code [x_t, emb] → hidden (tanh) → n}
 * predicting x₀. The layers are kept in PyTorch's out×in layout so {@link #weights()} hands them
 * to gpu-kernels' {@code DiffusionSampler} unchanged; {@link #predict} is the same function in
 * training arithmetic, which the tests hold against the sampler.
 */
final class DenoiserNet {

  private static final double MAX_PERIOD = 10000.0;

  final Dense emb;
  final Dense hidden;
  final Dense output;
  final int items;

  DenoiserNet(Dense emb, Dense hidden, Dense output) {
    int e = emb.out();
    if (emb.in() != e || hidden.in() != output.out() + e || output.in() != hidden.out()
        || emb.activation() != Activation.IDENTITY || hidden.activation() != Activation.TANH
        || output.activation() != Activation.IDENTITY) {
      throw new IllegalArgumentException("denoiser layers do not chain as [x_t, emb] -> tanh -> n");
    }
    this.emb = emb;
    this.hidden = hidden;
    this.output = output;
    this.items = output.out();
  }

  static DenoiserNet initial(int items, int embedding, int width, SplittableRandom rnd) {
    return new DenoiserNet(Dense.xavier(embedding, embedding, Activation.IDENTITY, rnd),
        Dense.xavier(items + embedding, width, Activation.TANH, rnd),
        Dense.xavier(width, items, Activation.IDENTITY, rnd));
  }

  int embedding() {
    return emb.out();
  }

  void register(Adam adam) {
    emb.register(adam);
    hidden.register(adam);
    output.register(adam);
  }

  void zeroGrad() {
    emb.zeroGrad();
    hidden.zeroGrad();
    output.zeroGrad();
  }

  /**
   * DiffRec's {@code timestep_embedding}: [cos(t·f_i), sin(t·f_i)] with f_i = 10000^(−i/half),
   * rounded exactly as gpu-kernels' sampler does, so both sides embed a step identically.
   */
  static void sinusoid(int t, int e, float[] out, int offset) {
    int half = e / 2;
    for (int i = 0; i < e; i++) {
      out[offset + i] = 0f;
    }
    for (int i = 0; i < half; i++) {
      float freq = (float) Math.exp(-Math.log(MAX_PERIOD) * i / half);
      float arg = (float) t * freq;
      out[offset + i] = (float) Math.cos(arg);
      out[offset + half + i] = (float) Math.sin(arg);
    }
  }

  /** x̂₀ (b × n) for inputs {@code xt} (b × n) at steps {@code t[r]}, without dropout. */
  void predict(float[] xt, int b, int[] t, float[] out) {
    int n = items;
    int e = embedding();
    float[] sin = new float[b * e];
    for (int r = 0; r < b; r++) {
      sinusoid(t[r], e, sin, r * e);
    }
    float[] embOut = new float[b * e];
    emb.forward(sin, b, embOut);
    float[] h0 = new float[b * (n + e)];
    for (int r = 0; r < b; r++) {
      System.arraycopy(xt, r * n, h0, r * (n + e), n);
      System.arraycopy(embOut, r * e, h0, r * (n + e) + n, e);
    }
    float[] h1 = new float[b * hidden.out()];
    hidden.forward(h0, b, h1);
    output.forward(h1, b, out);
  }

  /** A copy of the parameters in the sampler's layout. */
  DenoiserWeights weights() {
    return new DenoiserWeights(items, embedding(), emb.weight().clone(), emb.bias().clone(), List.of(
        new DenoiserWeights.Linear(hidden.in(), hidden.out(), hidden.weight().clone(), hidden.bias().clone()),
        new DenoiserWeights.Linear(output.in(), output.out(), output.weight().clone(), output.bias().clone())));
  }

  void write(DataOutput o) throws IOException {
    emb.write(o);
    hidden.write(o);
    output.write(o);
  }

  static DenoiserNet read(DataInput i) throws IOException {
    try {
      return new DenoiserNet(Dense.read(i), Dense.read(i), Dense.read(i));
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt model: " + e.getMessage(), e);
    }
  }
}
