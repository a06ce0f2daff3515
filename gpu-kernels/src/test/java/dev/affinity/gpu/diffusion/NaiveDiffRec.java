package dev.affinity.gpu.diffusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A plain double-precision transcription of DiffRec's DNN.forward and p_sample (no blocking, no
 * folding of the time embedding into the bias), used as the reference for every sampler.
 */
final class NaiveDiffRec {
  private NaiveDiffRec() {}

  static double[] forward(DenoiserWeights w, double[] x, int t) {
    int n = w.items();
    int e = w.embedding();
    double[] s = TimeEmbedding.sinusoid(t, e);
    double[] h = new double[n + e];
    System.arraycopy(x, 0, h, 0, n);
    for (int i = 0; i < e; i++) {
      double acc = w.embBias()[i];
      for (int j = 0; j < e; j++) {
        acc += w.embWeight()[i * e + j] * s[j];
      }
      h[n + i] = acc;
    }
    List<DenoiserWeights.Linear> layers = w.layers();
    for (int l = 0; l < layers.size(); l++) {
      DenoiserWeights.Linear layer = layers.get(l);
      double[] o = new double[layer.out()];
      for (int r = 0; r < layer.out(); r++) {
        double acc = layer.bias()[r];
        for (int c = 0; c < layer.in(); c++) {
          acc += layer.weight()[r * layer.in() + c] * h[c];
        }
        o[r] = l == layers.size() - 1 ? acc : Math.tanh(acc);
      }
      h = o;
    }
    return h;
  }

  static double[] sample(DenoiserWeights w, float[] x0, int b, NoiseSchedule s, int startStep, long seed) {
    int n = w.items();
    double[] out = new double[b * n];
    for (int u = 0; u < b; u++) {
      double[] x = new double[n];
      for (int j = 0; j < n; j++) {
        x[j] = x0[u * n + j];
        if (startStep > 0) {
          int t = startStep - 1;
          x[j] = s.sqrtAlphasCumprod(t) * x[j]
              + s.sqrtOneMinusAlphasCumprod(t) * GaussianNoise.gaussian(seed, (long) u * n + j);
        }
      }
      for (int t = s.steps() - 1; t >= 0; t--) {
        double[] pred = forward(w, x, t);
        for (int j = 0; j < n; j++) {
          x[j] = s.coef1(t) * pred[j] + s.coef2(t) * x[j];
        }
      }
      System.arraycopy(x, 0, out, u * n, n);
    }
    return out;
  }

  /** Xavier-normal weights and small biases, as DiffRec initialises them. */
  static DenoiserWeights randomWeights(Random rnd, int n, int e, int... hidden) {
    List<DenoiserWeights.Linear> layers = new ArrayList<>();
    int in = n + e;
    for (int i = 0; i <= hidden.length; i++) {
      int out = i < hidden.length ? hidden[i] : n;
      layers.add(new DenoiserWeights.Linear(in, out, xavier(rnd, in, out), gaussian(rnd, out, 0.001)));
      in = out;
    }
    return new DenoiserWeights(n, e, xavier(rnd, e, e), gaussian(rnd, e, 0.001), layers);
  }

  static float[] xavier(Random rnd, int in, int out) {
    return gaussian(rnd, in * out, Math.sqrt(2.0 / (in + out)));
  }

  static float[] gaussian(Random rnd, int count, double std) {
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (float) (rnd.nextGaussian() * std);
    }
    return a;
  }

  /** Binary interaction vectors with about {@code density} ones. */
  static float[] interactions(Random rnd, int b, int n, double density) {
    float[] x = new float[b * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextDouble() < density ? 1f : 0f;
    }
    return x;
  }

  /** ‖a − ref‖ / ‖ref‖. */
  static double relativeError(float[] a, double[] ref) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < ref.length; i++) {
      double diff = a[i] - ref[i];
      if (Double.isNaN(a[i])) {
        return Double.POSITIVE_INFINITY;
      }
      num += diff * diff;
      den += ref[i] * ref[i];
    }
    return Math.sqrt(num / den);
  }
}
