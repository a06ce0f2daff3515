package dev.affinity.gpu.diffusion;

/**
 * The step-dependent part of the first layer. All users of a batch share the step t, so the time
 * embedding's contribution {@code W₀[:, n:n+e] · emb(t)} is one vector per step: it is folded into
 * the first layer's bias here (on the host, shared by both paths) and the GEMMs only see x_t.
 */
final class TimeEmbedding {
  private static final double MAX_PERIOD = 10000.0;

  private TimeEmbedding() {}

  /** DiffRec's {@code timestep_embedding}: [cos(t·f_i), sin(t·f_i)] with f_i = 10000^(−i/half), 0-padded if odd. */
  static double[] sinusoid(int t, int e) {
    int half = e / 2;
    double[] out = new double[e];
    for (int i = 0; i < half; i++) {
      float freq = (float) Math.exp(-Math.log(MAX_PERIOD) * i / half);
      float arg = (float) t * freq;
      out[i] = (float) Math.cos(arg);
      out[half + i] = (float) Math.sin(arg);
    }
    return out;
  }

  /** b₀ + W₀[:, n:n+e] · (embWeight · sinusoid(t) + embBias). */
  static float[] firstLayerBias(DenoiserWeights w, int t) {
    int n = w.items();
    int e = w.embedding();
    double[] s = sinusoid(t, e);
    double[] emb = new double[e];
    for (int i = 0; i < e; i++) {
      double acc = w.embBias()[i];
      for (int j = 0; j < e; j++) {
        acc += (double) w.embWeight()[i * e + j] * s[j];
      }
      emb[i] = (float) acc;
    }
    DenoiserWeights.Linear first = w.layers().get(0);
    float[] bias = new float[first.out()];
    for (int o = 0; o < first.out(); o++) {
      double acc = first.bias()[o];
      int row = o * first.in() + n;
      for (int i = 0; i < e; i++) {
        acc += (double) first.weight()[row + i] * emb[i];
      }
      bias[o] = (float) acc;
    }
    return bias;
  }
}
