package dev.affinity.gpu.similarity;

import java.util.Arrays;

/**
 * The k best items for each of {@code rows} queries, row-major ({@code rows × k}): per row sorted
 * by score descending, ties broken by the lower item id. When fewer than k items are eligible the
 * row is padded with id {@code -1} and score {@code -Infinity}. Items scoring NaN are never returned.
 *
 * <p>Plain arrays rather than objects per entry, because the callers (serving, neighbourhood-model
 * training) handle millions of entries.
 */
public record TopKResult(int rows, int k, int[] ids, float[] scores) {
  /** Validates the shape. */
  public TopKResult {
    if (rows < 0 || k < 0 || ids.length != (long) rows * k || scores.length != (long) rows * k) {
      throw new IllegalArgumentException("shape mismatch: rows=" + rows + " k=" + k
          + " ids=" + ids.length + " scores=" + scores.length);
    }
  }

  /** A result whose every entry is padding. */
  public static TopKResult padding(int rows, int k) {
    int[] ids = new int[rows * k];
    float[] scores = new float[rows * k];
    Arrays.fill(ids, -1);
    Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    return new TopKResult(rows, k, ids, scores);
  }

  /** The id at rank {@code j} (0 = best) of row {@code row}, or -1 for padding. */
  public int id(int row, int j) {
    return ids[row * k + j];
  }

  /** The score at rank {@code j} of row {@code row}. */
  public float score(int row, int j) {
    return scores[row * k + j];
  }

  /** Ids of one row (padding included). */
  public int[] rowIds(int row) {
    return Arrays.copyOfRange(ids, row * k, row * k + k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopKResult t && t.rows == rows && t.k == k && Arrays.equals(t.ids, ids)
        && Arrays.equals(t.scores, scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "TopKResult[rows=" + rows + ", k=" + k + "]";
  }
}
