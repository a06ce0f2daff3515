package dev.affinity.models.ials;

import dev.affinity.models.Blas1;
import dev.affinity.models.Interactions;
import dev.affinity.models.Parallel;

/**
 * One half-sweep of iALS: for every row r of R, approximately solves
 * {@code (FᵀF + Σ_{i∈r} alpha·x_ri·f_i f_iᵀ + lambda·I) t_r = Σ_{i∈r} (1 + alpha·x_ri) f_i}
 * with warm-started conjugate gradient. The Gram {@code FᵀF} is shared by all rows, so each row only
 * pays for its own non-zeros. With {@code nu > 0} the regularisation grows with the row's weight,
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
    float[] gram = gram(fixed, r.numItems());
    int[] cols = r.cols();
    float[] vals = r.values();
    Parallel.forRange(r.numUsers(), 64, threads, (worker, from, to) -> {
      float[] res = new float[f];
      float[] p = new float[f];
      float[] ap = new float[f];
      for (int row = from; row < to; row++) {
        int off = row * f;
        int start = r.rowStart(row);
        int end = r.rowEnd(row);
        float reg = lambda;
        if (nu != 0) {
          double w = 0;
          for (int q = start; q < end; q++) {
            w += vals[q];
          }
          reg = (float) (lambda * Math.pow(1 + alpha * w / r.numItems(), nu));
        }
        // res = b - A x
        multiply(gram, reg, fixed, cols, vals, start, end, target, off, ap);
        java.util.Arrays.fill(res, 0f);
        for (int q = start; q < end; q++) {
          float c = 1f + alpha * vals[q];
          int fo = cols[q] * f;
          Blas1.axpy(c, fixed, fo, res, 0, f);
        }
        double rs = 0;
        for (int k = 0; k < f; k++) {
          res[k] -= ap[k];
          p[k] = res[k];
          rs += res[k] * res[k];
        }
        for (int s = 0; s < steps && rs > 1e-20; s++) {
          multiply(gram, reg, fixed, cols, vals, start, end, p, 0, ap);
          double pap = 0;
          for (int k = 0; k < f; k++) {
            pap += p[k] * ap[k];
          }
          if (pap <= 0) {
            break;
          }
          float a = (float) (rs / pap);
          double rsNew = 0;
          for (int k = 0; k < f; k++) {
            target[off + k] += a * p[k];
            res[k] -= a * ap[k];
            rsNew += res[k] * res[k];
          }
          float beta = (float) (rsNew / rs);
          for (int k = 0; k < f; k++) {
            p[k] = res[k] + beta * p[k];
          }
          rs = rsNew;
        }
      }
    });
  }

  /** out = (G + lambda I) y + Σ alpha·x_q (f_q·y) f_q, with y = src[off, off+f); G symmetric. */
  private void multiply(float[] gram, float lambda, float[] fixed, int[] cols, float[] vals, int start, int end,
      float[] src, int off, float[] out) {
    for (int a = 0; a < f; a++) {
      out[a] = lambda * src[off + a];
    }
    for (int k = 0; k < f; k++) {
      Blas1.axpy(src[off + k], gram, k * f, out, 0, f);
    }
    for (int q = start; q < end; q++) {
      int fo = cols[q] * f;
      float d = alpha * vals[q] * Blas1.dot(fixed, fo, src, off, f);
      Blas1.axpy(d, fixed, fo, out, 0, f);
    }
  }

  /** FᵀF over {@code rows} rows of f floats, summed per thread in double then reduced. */
  private float[] gram(float[] fixed, int rows) {
    double[][] part = new double[threads][f * f];
    Parallel.forRange(rows, 256, threads, (worker, from, to) -> {
      double[] g = part[worker];
      for (int i = from; i < to; i++) {
        int fo = i * f;
        for (int a = 0; a < f; a++) {
          double va = fixed[fo + a];
          int go = a * f;
          for (int b = 0; b < f; b++) {
            g[go + b] += va * fixed[fo + b];
          }
        }
      }
    });
    float[] out = new float[f * f];
    for (double[] g : part) {
      for (int k = 0; k < out.length; k++) {
        out[k] += (float) g[k];
      }
    }
    return out;
  }
}
