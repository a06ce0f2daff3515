package dev.affinity.models.ials;

import dev.affinity.models.Blas1;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Recommender;
import java.io.DataOutput;
import java.io.IOException;

/** A fitted iALS: {@code score_ui = U_u · V_i}, user and item factors row-major with f columns. */
final class IalsModel implements Recommender {

  private final Interactions data;
  private final int f;
  private final float[] u;
  private final float[] v;
  /** The training objective's constants, kept so serving can solve a new user's factors (fold-in). */
  private final float lambda;
  private final float alpha;
  private final double nu;
  /** VᵀV (f×f), computed on the first fold-in. */
  private volatile double[] gram;

  IalsModel(Interactions data, int f, float[] u, float[] v, float lambda, float alpha, double nu) {
    if (u.length != data.numUsers() * f || v.length != data.numItems() * f) {
      throw new IllegalArgumentException("factor matrices do not match the data");
    }
    this.data = data;
    this.f = f;
    this.u = u;
    this.v = v;
    this.lambda = lambda;
    this.alpha = alpha;
    this.nu = nu;
  }

  @Override
  public String name() {
    return Ials.NAME;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public void score(int user, float[] out) {
    int uo = user * f;
    int n = data.numItems();
    for (int i = 0; i < n; i++) {
      out[i] = Blas1.dot(u, uo, v, i * f, f);
    }
  }

  /**
   * Fold-in: solves the user half-step of training exactly for this history,
   * {@code (VᵀV + Σ alpha·x_i v_i v_iᵀ + reg·I) p = Σ (1 + alpha·x_i) v_i} with the same
   * regularisation as training (Cholesky of an f×f system), then scores {@code V p}.
   */
  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    double[] a = gram().clone();
    double[] rhs = new double[f];
    double w = 0;
    for (int h = 0; h < items.length; h++) {
      int io = items[h] * f;
      double c = alpha * values[h];
      w += values[h];
      for (int r = 0; r < f; r++) {
        double vr = v[io + r];
        rhs[r] += (1 + c) * vr;
        for (int s = 0; s <= r; s++) {
          a[r * f + s] += c * vr * v[io + s];
        }
      }
    }
    double reg = nu == 0 ? lambda : lambda * Math.pow(1 + alpha * w / data.numItems(), nu);
    for (int r = 0; r < f; r++) {
      a[r * f + r] += reg;
    }
    float[] p = Cholesky.solveLower(a, rhs, f);
    int n = data.numItems();
    for (int i = 0; i < n; i++) {
      out[i] = Blas1.dot(p, 0, v, i * f, f);
    }
  }

  @Override
  public boolean scoresHistories() {
    return true;
  }

  /** Lower triangle (row-major) of VᵀV. */
  private double[] gram() {
    double[] g = gram;
    if (g == null) {
      g = new double[f * f];
      int n = data.numItems();
      for (int i = 0; i < n; i++) {
        int io = i * f;
        for (int r = 0; r < f; r++) {
          double vr = v[io + r];
          for (int s = 0; s <= r; s++) {
            g[r * f + s] += vr * v[io + s];
          }
        }
      }
      gram = g;
    }
    return g;
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(Ials.NAME);
    data.write(out);
    out.writeInt(f);
    out.writeFloat(lambda);
    out.writeFloat(alpha);
    out.writeDouble(nu);
    Io.writeFloats(out, u);
    Io.writeFloats(out, v);
  }
}
