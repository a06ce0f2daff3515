package dev.affinity.models.vae;

import dev.affinity.models.Interactions;
import dev.affinity.models.Parallel;
import dev.affinity.models.nn.SparseRows;
import java.util.SplittableRandom;

/**
 * One mini-batch of Mult-VAE training: forward with the reparameterisation
 * {@code z = μ + ε·exp(½·logvar)}, loss {@code −Σ x·log softmax(logits) + β·KL(q(z|x) ‖ N(0, I))}
 * averaged over the batch, and the backward pass into the layers' gradient accumulators. Buffers
 * are sized once for the largest batch and reused.
 */
final class VaeStep {

  private final VaeNetwork net;
  private final int threads;
  private final int n;
  private final float[] h1;
  private final float[] q;
  private final float[] eps;
  private final float[] z;
  private final float[] h2;
  private final float[] logits;
  private final float[] dh2;
  private final float[] dz;
  private final float[] dq;
  private final float[] dh1;

  VaeStep(VaeNetwork net, int batch, int threads) {
    this.net = net;
    this.threads = threads;
    this.n = net.items();
    int hidden = net.enc1.out();
    int latent = net.latent;
    h1 = new float[batch * hidden];
    q = new float[batch * 2 * latent];
    eps = new float[batch * latent];
    z = new float[batch * latent];
    h2 = new float[batch * net.dec1.out()];
    logits = new float[batch * n];
    dh2 = new float[batch * net.dec1.out()];
    dz = new float[batch * latent];
    dq = new float[batch * 2 * latent];
    dh1 = new float[batch * hidden];
  }

  /** Accumulates gradients for {@code users[from, to)}; returns the batch's mean loss. */
  double run(Interactions data, int[] users, int from, int to, double dropout, double beta,
      SplittableRandom rnd) {
    int b = to - from;
    int latent = net.latent;
    SparseRows xin = VaeNetwork.input(data, users, from, to, dropout, rnd);
    net.enc1.forward(xin, h1, threads);
    net.enc2.forward(h1, b, q);
    for (int k = 0; k < b * latent; k++) {
      eps[k] = (float) rnd.nextGaussian();
    }
    for (int r = 0; r < b; r++) {
      for (int j = 0; j < latent; j++) {
        float mu = q[r * 2 * latent + j];
        float logvar = q[r * 2 * latent + latent + j];
        z[r * latent + j] = mu + eps[r * latent + j] * (float) Math.exp(0.5 * logvar);
      }
    }
    net.dec1.forward(z, b, h2);
    net.dec2.forward(h2, b, logits);
    double[] rowLoss = new double[b];
    int[] cols = data.cols();
    float[] vals = data.values();
    // softmax cross-entropy row by row: dlogits = (softmax·Σx − x) / b, written over the logits
    Parallel.forRange(b, 16, threads, (w, r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int base = r * n;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          max = Math.max(max, logits[base + i]);
        }
        int u = users[from + r];
        double nll = 0;
        double total = 0;
        for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
          nll -= vals[p] * (logits[base + cols[p]] - max);
          total += vals[p];
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
          float e = (float) Math.exp(logits[base + i] - max);
          logits[base + i] = e;
          sum += e;
        }
        nll += total * Math.log(sum);
        float scale = (float) (total / sum / b);
        for (int i = 0; i < n; i++) {
          logits[base + i] *= scale;
        }
        for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
          logits[base + cols[p]] -= vals[p] / b;
        }
        rowLoss[r] = nll;
      }
    });
    net.dec2.backward(h2, logits, logits, b, dh2);
    net.dec1.backward(z, h2, dh2, b, dz);
    double kl = 0;
    for (int r = 0; r < b; r++) {
      for (int j = 0; j < latent; j++) {
        int qm = r * 2 * latent + j;
        int qv = qm + latent;
        float mu = q[qm];
        float logvar = q[qv];
        float var = (float) Math.exp(logvar);
        kl += 0.5 * (-logvar + var + mu * mu - 1);
        float g = dz[r * latent + j];
        dq[qm] = g + (float) (beta * mu / b);
        dq[qv] = g * eps[r * latent + j] * 0.5f * (float) Math.exp(0.5 * logvar)
            + (float) (beta * 0.5 * (var - 1) / b);
      }
    }
    net.enc2.backward(h1, q, dq, b, dh1);
    net.enc1.backward(xin, h1, dh1);
    double nll = 0;
    for (double l : rowLoss) {
      nll += l;
    }
    return (nll + beta * kl) / b;
  }
}
