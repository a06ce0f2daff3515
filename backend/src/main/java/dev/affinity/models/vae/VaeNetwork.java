package dev.affinity.models.vae;

import dev.affinity.models.Interactions;
import dev.affinity.models.nn.Activation;
import dev.affinity.models.nn.Adam;
import dev.affinity.models.nn.Dense;
import dev.affinity.models.nn.SparseDense;
import dev.affinity.models.nn.SparseRows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Mult-VAE's network (Liang et al. 2018): encoder {@code n → hidden (tanh) → 2·latent} giving the
 * mean and log-variance of q(z|x), decoder {@code latent → hidden (tanh) → n} giving logits of a
 * multinomial over items. The input is the user's row L2-normalised; at inference z is the mean.
 */
final class VaeNetwork {

  final SparseDense enc1;
  final Dense enc2;
  final Dense dec1;
  final Dense dec2;
  final int latent;

  VaeNetwork(SparseDense enc1, Dense enc2, Dense dec1, Dense dec2) {
    if (enc2.out() % 2 != 0 || enc2.out() / 2 != dec1.in() || enc1.out() != enc2.in()
        || dec1.out() != dec2.in() || dec2.out() != enc1.in()) {
      throw new IllegalArgumentException("mult-vae layers do not chain");
    }
    this.enc1 = enc1;
    this.enc2 = enc2;
    this.dec1 = dec1;
    this.dec2 = dec2;
    this.latent = dec1.in();
  }

  static VaeNetwork initial(int items, int hidden, int latent, SplittableRandom rnd) {
    return new VaeNetwork(SparseDense.xavier(items, hidden, Activation.TANH, rnd),
        Dense.xavier(hidden, 2 * latent, Activation.IDENTITY, rnd),
        Dense.xavier(latent, hidden, Activation.TANH, rnd),
        Dense.xavier(hidden, items, Activation.IDENTITY, rnd));
  }

  int items() {
    return enc1.in();
  }

  void register(Adam adam) {
    enc1.register(adam);
    for (Dense d : denseLayers()) {
      d.register(adam);
    }
  }

  void zeroGrad() {
    enc1.zeroGrad();
    for (Dense d : denseLayers()) {
      d.zeroGrad();
    }
  }

  private Dense[] denseLayers() {
    return new Dense[] {enc2, dec1, dec2};
  }

  /**
   * The encoder input for {@code users[from, to)}: each row L2-normalised, then (when
   * {@code dropout > 0}) inverted dropout on its non-zero entries.
   */
  static SparseRows input(Interactions x, int[] users, int from, int to, double dropout,
      SplittableRandom rnd) {
    int total = 0;
    for (int r = from; r < to; r++) {
      total += x.rowSize(users[r]);
    }
    int[] ptr = new int[to - from + 1];
    int[] cols = new int[total];
    float[] vals = new float[total];
    int[] xc = x.cols();
    float[] xv = x.values();
    float keep = (float) (1.0 / (1.0 - dropout));
    int k = 0;
    for (int r = from; r < to; r++) {
      int u = users[r];
      double sq = 0;
      for (int p = x.rowStart(u); p < x.rowEnd(u); p++) {
        sq += (double) xv[p] * xv[p];
      }
      float inv = sq > 0 ? (float) (1.0 / Math.sqrt(sq)) : 0f;
      for (int p = x.rowStart(u); p < x.rowEnd(u); p++) {
        if (dropout > 0 && rnd.nextDouble() < dropout) {
          continue;
        }
        cols[k] = xc[p];
        vals[k++] = dropout > 0 ? xv[p] * inv * keep : xv[p] * inv;
      }
      ptr[r - from + 1] = k;
    }
    return new SparseRows(to - from, ptr, cols, vals);
  }

  /** Logits (b × n) for the encoder inputs {@code xin}, using z = μ. */
  void logits(SparseRows xin, float[] out, int threads) {
    int b = xin.rows();
    int hidden = enc1.out();
    float[] h1 = new float[b * hidden];
    float[] q = new float[b * 2 * latent];
    float[] mu = new float[b * latent];
    float[] h2 = new float[b * dec1.out()];
    enc1.forward(xin, h1, threads);
    enc2.forward(h1, b, q);
    for (int r = 0; r < b; r++) {
      System.arraycopy(q, r * 2 * latent, mu, r * latent, latent);
    }
    dec1.forward(mu, b, h2);
    dec2.forward(h2, b, out);
  }

  void write(DataOutput o) throws IOException {
    enc1.write(o);
    for (Dense d : denseLayers()) {
      d.write(o);
    }
  }

  static VaeNetwork read(DataInput i) throws IOException {
    try {
      return new VaeNetwork(SparseDense.read(i), Dense.read(i), Dense.read(i), Dense.read(i));
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt model: " + e.getMessage(), e);
    }
  }
}
