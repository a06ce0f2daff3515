package dev.affinity.models.cfgan;

import dev.affinity.models.Interactions;
import dev.affinity.models.Parallel;
import dev.affinity.models.nn.Adam;
import dev.affinity.models.nn.Batches;
import dev.affinity.models.nn.Dense;
import dev.affinity.models.nn.SparseRows;
import java.util.SplittableRandom;

/**
 * One mini-batch of CFGAN training (Chae et al. 2018): a discriminator update on real
 * {@code [c_u, c_u]} against generated {@code [r̂_u ⊙ e_u, c_u]}, then a generator update.
 *
 * <p>The masks are what make CFGAN work on implicit feedback. Partial masking (PM): e_u keeps the
 * user's items plus a sampled share {@code pm} of the unobserved ones, so the discriminator sees
 * the generator's values on those negatives and the generator learns to push them towards 0.
 * Zero reconstruction (ZR): a separately sampled share {@code zr} of the unobserved items adds
 * {@code alpha·Σ r̂²} to the generator's loss. Losses use logits, so the sigmoid never saturates in
 * float: D minimises {@code softplus(−a_real) + softplus(a_fake)}, G minimises
 * {@code −log σ(a_fake) = softplus(−a_fake)} — the non-saturating form rather than the paper's
 * {@code log(1 − σ(a_fake))}, whose gradient vanishes as soon as the discriminator wins, which on
 * 0/1 purchase vectors it does within a few batches (the generator then learns only the ZR term
 * and ranks no better than popularity).
 */
final class CfganStep {

  private final Generator g;
  private final Dense d1;
  private final Dense d2;
  private final Adam adamG;
  private final Adam adamD;
  private final int threads;
  private final int n;
  private final float[] c;
  private final float[] mask;
  private final float[] zr;
  private final float[] h;
  private final float[] rhat;
  private final float[] drhat;
  private final float[] dIn;
  private final float[] dHidden;
  private final float[] gHidden;
  private final float[] dLogit;
  private final float[] dIn2;
  private final float[] dh;

  CfganStep(Generator g, Dense d1, Dense d2, Adam adamG, Adam adamD, int batch, int threads) {
    this.g = g;
    this.d1 = d1;
    this.d2 = d2;
    this.adamG = adamG;
    this.adamD = adamD;
    this.threads = threads;
    this.n = g.items();
    c = new float[batch * n];
    mask = new float[batch * n];
    zr = new float[batch * n];
    h = new float[batch * g.g1.out()];
    rhat = new float[batch * n];
    drhat = new float[batch * n];
    dIn = new float[2 * batch * 2 * n];
    dHidden = new float[2 * batch * d1.out()];
    gHidden = new float[2 * batch * d1.out()];
    dLogit = new float[2 * batch];
    dIn2 = new float[batch * 2 * n];
    dh = new float[batch * g.g1.out()];
  }

  /**
   * Trains on {@code users[from, to)}; returns {discriminator loss, generator loss}, batch means.
   */
  double[] run(Interactions data, int[] users, int from, int to, double pm, double zrShare, double alpha,
      SplittableRandom rnd) {
    int b = to - from;
    SparseRows cond = Generator.condition(data, users, from, to);
    Batches.dense(data, users, from, to, c);
    // each row samples its masks from its own generator, seeded in row order: parallel yet
    // independent of the thread count
    long[] seeds = new long[b];
    for (int r = 0; r < b; r++) {
      seeds[r] = rnd.nextLong();
    }
    Parallel.forRange(b, 8, threads, (w, r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        SplittableRandom rowRnd = new SplittableRandom(seeds[r]);
        for (int k = r * n; k < (r + 1) * n; k++) {
          boolean observed = c[k] != 0f;
          mask[k] = observed || rowRnd.nextDouble() < pm ? 1f : 0f;
          zr[k] = !observed && rowRnd.nextDouble() < zrShare ? 1f : 0f;
        }
      }
    });
    g.generate(cond, h, rhat, threads);

    // discriminator: rows [0, b) real [c, c], rows [b, 2b) generated [r̂ ⊙ e, c]
    for (int r = 0; r < b; r++) {
      int real = r * 2 * n;
      int fake = (b + r) * 2 * n;
      System.arraycopy(c, r * n, dIn, real, n);
      System.arraycopy(c, r * n, dIn, real + n, n);
      for (int i = 0; i < n; i++) {
        dIn[fake + i] = rhat[r * n + i] * mask[r * n + i];
      }
      System.arraycopy(c, r * n, dIn, fake + n, n);
    }
    d1.zeroGrad();
    d2.zeroGrad();
    d1.forward(dIn, 2 * b, dHidden);
    d2.forward(dHidden, 2 * b, dLogit);
    double lossD = 0;
    for (int r = 0; r < b; r++) {
      float real = dLogit[r];
      float fake = dLogit[b + r];
      lossD += softplus(-real) + softplus(fake);
      dLogit[r] = (sigmoid(real) - 1f) / b;
      dLogit[b + r] = sigmoid(fake) / b;
    }
    d2.backward(dHidden, dLogit, dLogit, 2 * b, gHidden);
    d1.backward(dIn, dHidden, gHidden, 2 * b, null);
    adamD.step();

    // generator: through the updated discriminator on the generated rows
    System.arraycopy(dIn, b * 2 * n, dIn, 0, b * 2 * n);
    d1.forward(dIn, b, dHidden);
    d2.forward(dHidden, b, dLogit);
    double lossG = 0;
    for (int r = 0; r < b; r++) {
      lossG += softplus(-dLogit[r]);
      dLogit[r] = (sigmoid(dLogit[r]) - 1f) / b;
    }
    d2.backward(dHidden, dLogit, dLogit, b, gHidden);
    d1.backward(dIn, dHidden, gHidden, b, dIn2);
    float zrGrad = (float) (2 * alpha / b);
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < n; i++) {
        int k = r * n + i;
        float v = rhat[k];
        lossG += alpha * zr[k] * v * v / b;
        drhat[k] = dIn2[r * 2 * n + i] * mask[k] + zrGrad * zr[k] * v;
      }
    }
    g.zeroGrad();
    g.g2.backward(h, rhat, drhat, b, dh);
    g.g1.backward(cond, h, dh);
    adamG.step();
    return new double[] {lossD / b, lossG / b};
  }

  private static float sigmoid(float a) {
    return (float) (1.0 / (1.0 + Math.exp(-a)));
  }

  private static double softplus(float a) {
    return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
  }
}
