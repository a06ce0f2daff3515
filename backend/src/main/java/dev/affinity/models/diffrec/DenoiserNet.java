package dev.affinity.models.diffrec;

import dev.affinity.gpu.diffusion.DenoiserWeights;
import dev.affinity.models.nn.Activation;
import dev.affinity.models.nn.Adam;
import dev.affinity.models.nn.Dense;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * DiffRec's denoiser (the reference {@code DNN}): a time embedding {@code emb = W_e·sinusoid(t) + b_e}
 * of size e, then {@code [x_t, emb]} through a stack of layers with tanh after every one but the
 * last, which outputs n values predicting x₀. The reference's {@code dims} list [d₁ … d_k] builds
 * the widths {@code n+e → d_k → … → d₁ → d₂ … → d_k → n} (an encoder down to d₁ and its mirror), so
 * {@code [1000]} is one hidden layer and ML-1M's {@code [200, 600]} is four layers.
 *
 * <p>The layers are kept in PyTorch's out×in layout so {@link #weights()} hands them to gpu-kernels'
 * {@code DiffusionSampler} unchanged; {@link #predict} is the same function in training arithmetic,
 * which the tests hold against the sampler.
 */
final class DenoiserNet {

  private static final double MAX_PERIOD = 10000.0;
  /** More layers than any sensible denoiser: a bound for reading corrupt payloads. */
  private static final int MAX_LAYERS = 32;

  final Dense emb;
  /** First takes n + e inputs; tanh on all but the last, which outputs n. */
  final List<Dense> layers;
  final int items;

  DenoiserNet(Dense emb, List<Dense> layers) {
    int e = emb.out();
    if (emb.in() != e || emb.activation() != Activation.IDENTITY || layers.isEmpty()) {
      throw new IllegalArgumentException("denoiser needs an e->e identity embedding and at least one layer");
    }
    int n = layers.getLast().out();
    int expectedIn = n + e;
    for (int l = 0; l < layers.size(); l++) {
      Dense d = layers.get(l);
      Activation expected = l == layers.size() - 1 ? Activation.IDENTITY : Activation.TANH;
      if (d.in() != expectedIn || d.activation() != expected) {
        throw new IllegalArgumentException("denoiser layers do not chain as [x_t, emb] -> tanh ... -> n (layer "
            + l + ": " + d.in() + "->" + d.out() + " " + d.activation() + ")");
      }
      expectedIn = d.out();
    }
    this.emb = emb;
    this.layers = List.copyOf(layers);
    this.items = n;
  }

  /** Fresh Xavier-initialised layers for the reference's {@code dims} (see the class comment). */
  static DenoiserNet initial(int items, int embedding, List<Integer> dims, SplittableRandom rnd) {
    Dense emb = Dense.xavier(embedding, embedding, Activation.IDENTITY, rnd);
    List<Integer> widths = widths(items, embedding, dims);
    List<Dense> layers = new ArrayList<>();
    for (int l = 0; l + 1 < widths.size(); l++) {
      Activation a = l + 2 == widths.size() ? Activation.IDENTITY : Activation.TANH;
      layers.add(Dense.xavier(widths.get(l), widths.get(l + 1), a, rnd));
    }
    return new DenoiserNet(emb, layers);
  }

  /** {@code n+e, d_k … d₁, d₂ … d_k, n}: the reference's in_dims (reversed dims) then its out_dims. */
  static List<Integer> widths(int items, int embedding, List<Integer> dims) {
    List<Integer> w = new ArrayList<>();
    w.add(items + embedding);
    for (int k = dims.size() - 1; k >= 0; k--) {
      w.add(dims.get(k));
    }
    for (int k = 1; k < dims.size(); k++) {
      w.add(dims.get(k));
    }
    w.add(items);
    return w;
  }

  int embedding() {
    return emb.out();
  }

  Dense first() {
    return layers.getFirst();
  }

  void register(Adam adam) {
    emb.register(adam);
    layers.forEach(l -> l.register(adam));
  }

  void zeroGrad() {
    emb.zeroGrad();
    layers.forEach(Dense::zeroGrad);
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
    float[] h = new float[b * (n + e)];
    for (int r = 0; r < b; r++) {
      System.arraycopy(xt, r * n, h, r * (n + e), n);
      System.arraycopy(embOut, r * e, h, r * (n + e) + n, e);
    }
    for (int l = 0; l < layers.size(); l++) {
      Dense d = layers.get(l);
      float[] next = l == layers.size() - 1 ? out : new float[b * d.out()];
      d.forward(h, b, next);
      h = next;
    }
  }

  /** A copy of the parameters in the sampler's layout. */
  DenoiserWeights weights() {
    List<DenoiserWeights.Linear> linear = new ArrayList<>();
    for (Dense d : layers) {
      linear.add(new DenoiserWeights.Linear(d.in(), d.out(), d.weight().clone(), d.bias().clone()));
    }
    return new DenoiserWeights(items, embedding(), emb.weight().clone(), emb.bias().clone(), linear);
  }

  /**
   * The embedding, then the layers. The stream needs no count: the output layer is the only one
   * without tanh, which also keeps the one-hidden-layer payloads of earlier versions readable.
   */
  void write(DataOutput o) throws IOException {
    emb.write(o);
    for (Dense d : layers) {
      d.write(o);
    }
  }

  static DenoiserNet read(DataInput i) throws IOException {
    Dense emb = Dense.read(i);
    List<Dense> layers = new ArrayList<>();
    do {
      if (layers.size() == MAX_LAYERS) {
        throw new IOException("corrupt model: more than " + MAX_LAYERS + " denoiser layers");
      }
      layers.add(Dense.read(i));
    } while (layers.getLast().activation() != Activation.IDENTITY);
    try {
      return new DenoiserNet(emb, layers);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt model: " + e.getMessage(), e);
    }
  }
}
