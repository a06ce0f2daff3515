package dev.affinity.gpu.similarity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plain reference every implementation is compared with: score every item of every query
 * with a sequential fma chain, drop exclusions, sort, keep k. Slow on purpose; no blocking.
 */
final class NaiveTopK {
  private NaiveTopK() {}

  static TopKResult topK(float[] q, int b, float[] v, int n, int d, int k, Metric metric,
      int[] rowPtr, int[] exIds) {
    int[] ids = new int[b * k];
    float[] scores = new float[b * k];
    float[] qInv = Norms.inverse(q, b, d);
    float[] vInv = Norms.inverse(v, n, d);
    for (int row = 0; row < b; row++) {
      List<Integer> cand = new ArrayList<>();
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        float acc = 0f;
        for (int j = 0; j < d; j++) {
          acc = Math.fma(q[row * d + j], v[i * d + j], acc);
        }
        if (metric == Metric.COSINE) {
          acc = acc * qInv[row] * vInv[i];
        }
        s[i] = acc;
        boolean ex = false;
        if (rowPtr != null) {
          for (int e = rowPtr[row]; e < rowPtr[row + 1]; e++) {
            ex |= exIds[e] == i;
          }
        }
        if (!ex && !Float.isNaN(acc)) {
          cand.add(i);
        }
      }
      cand.sort((x, y) -> s[x] != s[y] ? Float.compare(s[y], s[x]) : Integer.compare(x, y));
      for (int j = 0; j < k; j++) {
        ids[row * k + j] = j < cand.size() ? cand.get(j) : -1;
        scores[row * k + j] = j < cand.size() ? s[cand.get(j)] : Float.NEGATIVE_INFINITY;
      }
    }
    return new TopKResult(b, k, ids, scores);
  }

  /** Row-by-row description of the first difference, or null when equal. */
  static String firstDifference(TopKResult expected, TopKResult actual) {
    if (expected.rows() != actual.rows() || expected.k() != actual.k()) {
      return "shape " + expected + " vs " + actual;
    }
    for (int r = 0; r < expected.rows(); r++) {
      for (int j = 0; j < expected.k(); j++) {
        if (expected.id(r, j) != actual.id(r, j)
            || Float.compare(expected.score(r, j), actual.score(r, j)) != 0) {
          return "row " + r + " rank " + j + ": expected " + expected.id(r, j) + "/" + expected.score(r, j)
              + " got " + actual.id(r, j) + "/" + actual.score(r, j) + "; expected row "
              + Arrays.toString(expected.rowIds(r)) + " got " + Arrays.toString(actual.rowIds(r));
        }
      }
    }
    return null;
  }
}
