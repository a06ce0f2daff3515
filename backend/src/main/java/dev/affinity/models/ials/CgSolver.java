package dev.affinity.models.ials;

import dev.affinity.models.Blas1;
import dev.affinity.models.Interactions;
import dev.affinity.models.Parallel;

/**
 * One half-sweep of iALS: for every row r of R, approximately solves
 * {@code (FᵀF + Σ_{i∈r} alpha·x_ri·f_i f_iᵀ + lambda·I) t_r = Σ_{i∈r} (1 + alpha·x_ri) f_i}
 * with warm-started conjugate gradient, all rows in lockstep: the shared Gram part {@code FᵀF·p} of
 * every step is one native SGEMM over all rows ({@link GramProduct}), and each row then only pays
 * for its own non-zeros, in parallel Java. With {@code nu > 0} the regularisation grows with the row's weight,
 * {@code lambda·(1 + alpha·Σ_i x_ri / cols)^nu} (frequency scaling as in Rendle et al. 2022), so
 * heavy users and blockbuster items are not under-regularised.
 */
final class CgSolver {

  private final int f;
  private final float lambda;
  private final float alpha;
  private final int steps;
  private final int threads;
  private final double nu;

  CgSolver(int f, float lambda, float alpha, double nu, int steps, int threads) {
    this.nu = nu;
    this.f = f;
    this.lambda = lambda;
    this.alpha = alpha;
    this.steps = steps;
    this.threads = threads;
  }

  /** Updates {@code target} (rows of R × f) in place from {@code fixed} (columns of R × f). */
  void sweep(Interactions r, float[] fixed, float[] target) {
    int m = r.numUsers();
    GramProduct gram = new GramProduct(gram(fixed, r.numItems()), f, m);
    float[] reg = regularisation(r);
    float[] res = new float[m * f];
    float[] p = new float[m * f];
    float[] ap = new float[m * f];
    double[] rs = new double[m];
    int[] cols = r.cols();
    float[] vals = r.values();
    // res = b − A·x, p = res
    gram.times(target, ap);
    Parallel.forRange(m, 64, threads, (worker, from, to) -> {
      for (int row = from; row < to; row++) {
        int off = row * f;
        finish(reg[row], fixed, cols, vals, r.rowStart(row), r.rowEnd(row), target, off, ap);
        for (int q = r.rowStart(row); q < r.rowEnd(row); q++) {
          Blas1.axpy(1f + alpha * vals[q], fixed, cols[q] * f, res, off, f);
        }
        double s = 0;
        for (int k = off; k < off + f; k++) {
          res[k] -= ap[k];
          p[k] = res[k];
          s += res[k] * res[k];
        }
        rs[row] = s;
      }
    });
    for (int step = 0; step < steps; step++) {
      gram.times(p, ap);
      Parallel.forRange(m, 64, threads, (worker, from, to) -> {
        for (int row = from; row < to; row++) {
          if (rs[row] <= 1e-20) {
            continue;
          }
          int off = row * f;
          finish(reg[row], fixed, cols, vals, r.rowStart(row), r.rowEnd(row), p, off, ap);
          double pap = Blas1.dot(p, off, ap, off, f);
          if (pap <= 0) {
            rs[row] = 0;
            continue;
          }
          float a = (float) (rs[row] / pap);
          Blas1.axpy(a, p, off, target, off, f);
          Blas1.axpy(-a, ap, off, res, off, f);
          double rsNew = 0;
          for (int k = off; k < off + f; k++) {
            rsNew += res[k] * res[k];
          }
          float beta = (float) (rsNew / rs[row]);
          for (int k = off; k < off + f; k++) {
            p[k] = res[k] + beta * p[k];
          }
          rs[row] = rsNew;
        }
      });
    }
  }

  /** Per-row regularisation: lambda, scaled by the row's weight when nu > 0. */
  private float[] regularisation(Interactions r) {
    float[] reg = new float[r.numUsers()];
    for (int row = 0; row < reg.length; row++) {
      double w = 0;
      for (int q = r.rowStart(row); q < r.rowEnd(row); q++) {
        w += r.values()[q];
      }
      reg[row] = nu == 0 ? lambda : (float) (lambda * Math.pow(1 + alpha * w / r.numItems(), nu));
    }
    return reg;
  }

  /**
   * Completes {@code out_row = (G y)_row} (already there) to
   * {@code (G + reg·I) y + Σ alpha·x_q (f_q·y) f_q} for y = src[off, off+f).
   */
  private void finish(float reg, float[] fixed, int[] cols, float[] vals, int start, int end,
      float[] src, int off, float[] out) {
    Blas1.axpy(reg, src, off, out, off, f);
    for (int q = start; q < end; q++) {
      int fo = cols[q] * f;
      float d = alpha * vals[q] * Blas1.dot(fixed, fo, src, off, f);
      Blas1.axpy(d, fixed, fo, out, off, f);
    }
  }

  /**
   * FᵀF over {@code rows} rows of f floats. Parallel over rows of the result (each summed in row
   * order, in double), so the result does not depend on thread scheduling: same seed, same model.
   */
  private float[] gram(float[] fixed, int rows) {
    float[] out = new float[f * f];
    // blocks of 16 result rows: F is streamed f/16 times and the accumulators stay in cache
    Parallel.forRange(f, 16, threads, (worker, from, to) -> {
      double[] g = new double[(to - from) * f];
      for (int i = 0; i < rows; i++) {
        int fo = i * f;
        for (int a = from; a < to; a++) {
          double va = fixed[fo + a];
          int go = (a - from) * f;
          for (int b = 0; b < f; b++) {
            g[go + b] += va * fixed[fo + b];
          }
        }
      }
      for (int k = 0; k < g.length; k++) {
        out[from * f + k] = (float) g[k];
      }
    });
    return out;
  }
}
