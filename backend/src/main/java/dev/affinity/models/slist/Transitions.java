package dev.affinity.models.slist;

import dev.affinity.models.Interactions;
import dev.affinity.models.Parallel;
import smile.linalg.UPLO;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * The transition part of {@link Slist}: {@code B_t = (SᵀS + λI)⁻¹ SᵀT}, where each row of S is a
 * decayed window of a user's recent items at one timeline position and the matching row of T the
 * items that followed it. S and T are never materialised: workers accumulate the rows of SᵀS and SᵀT
 * of the items they own straight from the timelines, then one native Cholesky solve gives B_t.
 */
final class Transitions {
  private Transitions() {
  }

  /** B_t row-major (n×n); context items' rows, target items' columns. */
  static float[] fit(Interactions x, Slist.Options o, int threads) {
    int n = x.numItems();
    int[][] timelines = new int[x.numUsers()][];
    float[][] weights = new float[x.numUsers()][];
    for (int u = 0; u < x.numUsers(); u++) {
      int[] pos = x.chronological(u);
      timelines[u] = new int[pos.length];
      weights[u] = new float[pos.length];
      for (int h = 0; h < pos.length; h++) {
        timelines[u][h] = x.cols()[pos[h]];
        weights[u][h] = x.values()[pos[h]];
      }
    }
    double[] decay = new double[o.context()];
    for (int a = 0; a < decay.length; a++) {
      decay[a] = o.contextWeight(a);
    }
    DenseMatrix gram = DenseMatrix.zeros(ScalarType.Float64, n, n);
    DenseMatrix cross = DenseMatrix.zeros(ScalarType.Float64, n, n);
    // a few chunks per thread: every chunk scans all timelines, but popular items cost more
    int chunk = Math.max(1, (n + 4 * threads - 1) / (4 * threads));
    Parallel.forRange(n, chunk, threads, (worker, from, to) -> {
      double[] g = new double[(to - from) * n];
      double[] c = new double[(to - from) * n];
      double[] ctx = new double[o.context()];
      for (int u = 0; u < timelines.length; u++) {
        int[] seq = timelines[u];
        float[] val = weights[u];
        for (int p = 0; p + 1 < seq.length; p += o.stride()) {
          int lo = Math.max(0, p - o.context() + 1);
          boolean mine = false;
          for (int q = lo; q <= p; q++) {
            ctx[p - q] = val[q] * decay[p - q];
            mine |= seq[q] >= from && seq[q] < to;
          }
          if (!mine) {
            continue;
          }
          int hi = Math.min(seq.length, p + 1 + o.horizon());
          for (int q = lo; q <= p; q++) {
            int a = seq[q];
            if (a < from || a >= to) {
              continue;
            }
            double wa = ctx[p - q];
            int base = (a - from) * n;
            for (int r = lo; r <= p; r++) {
              g[base + seq[r]] += wa * ctx[p - r];
            }
            for (int r = p + 1; r < hi; r++) {
              c[base + seq[r]] += wa * val[r];
            }
          }
        }
      }
      for (int a = from; a < to; a++) {
        int base = (a - from) * n;
        for (int j = 0; j < n; j++) {
          gram.set(a, j, g[base + j] + (a == j ? o.transitionLambda() : 0));
          cross.set(a, j, c[base + j]);
        }
      }
    });
    gram.withUplo(UPLO.LOWER).cholesky().solve(cross);
    float[] b = new float[n * n];
    Parallel.forRange(n, 64, threads, (worker, from, to) -> {
      for (int i = from; i < to; i++) {
        for (int j = 0; j < n; j++) {
          b[i * n + j] = (float) cross.get(i, j);
        }
      }
    });
    return b;
  }
}
