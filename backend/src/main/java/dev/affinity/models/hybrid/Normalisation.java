package dev.affinity.models.hybrid;

import java.util.Arrays;

/**
 * Puts one model's scores for one user on a common scale before blending: raw scores of different
 * models (EASE weights, walk probabilities, factor dot products, cosines) differ in location and
 * spread, and even per user within one model, so a fixed weight would mean something different for
 * every user. Only the candidate items count — those outside the user's training row — since the
 * training items are never recommended and would distort the statistics; they get 0.
 */
enum Normalisation {

  /** {@code (s − mean) / std} over the candidates; a model without any spread for the user gives 0. */
  ZSCORE("zscore") {
    @Override
    void apply(float[] s, int off, int n, int[] masked, int from, int to) {
      double sum = 0;
      double sq = 0;
      int count = 0;
      int m = from;
      for (int i = 0; i < n; i++) {
        if (m < to && masked[m] == i) {
          m++;
          continue;
        }
        double v = s[off + i];
        sum += v;
        sq += v * v;
        count++;
      }
      double mean = count == 0 ? 0 : sum / count;
      double var = count == 0 ? 0 : Math.max(0, sq / count - mean * mean);
      double std = Math.sqrt(var);
      boolean flat = std <= 1e-9 * Math.max(1, Math.abs(mean));
      float inv = flat ? 0f : (float) (1 / std);
      m = from;
      for (int i = 0; i < n; i++) {
        if (m < to && masked[m] == i) {
          m++;
          s[off + i] = 0f;
        } else {
          s[off + i] = flat ? 0f : (float) ((s[off + i] - mean) * inv);
        }
      }
    }
  },

  /**
   * Reciprocal rank {@code 1 / (60 + rank)}, rank from 1 (reciprocal rank fusion, Cormack et al.
   * 2009): only the order counts, so heavy-tailed scores cannot dominate, and the head of each list
   * matters most. Ties rank by item index.
   */
  RANK("rank") {
    @Override
    void apply(float[] s, int off, int n, int[] masked, int from, int to) {
      long[] keys = new long[n - (to - from)];
      int k = 0;
      int m = from;
      for (int i = 0; i < n; i++) {
        if (m < to && masked[m] == i) {
          m++;
          continue;
        }
        keys[k++] = ((long) descending(s[off + i]) << 32) | i;
      }
      Arrays.sort(keys);
      for (int i = from; i < to; i++) {
        s[off + masked[i]] = 0f;
      }
      for (int r = 0; r < keys.length; r++) {
        s[off + (int) keys[r]] = 1f / (RRF_K + r + 1);
      }
    }
  };

  private static final int RRF_K = 60;

  private final String key;

  Normalisation(String key) {
    this.key = key;
  }

  /** The parameter value naming this normalisation. */
  String key() {
    return key;
  }

  static Normalisation of(String key) {
    for (Normalisation n : values()) {
      if (n.key.equals(key)) {
        return n;
      }
    }
    throw new IllegalArgumentException("hybrid: normalise must be zscore or rank, got '" + key + "'");
  }

  /**
   * Normalises {@code s[off, off + n)} in place; {@code masked[from, to)} are the user's training
   * items, sorted ascending.
   */
  abstract void apply(float[] s, int off, int n, int[] masked, int from, int to);

  /** An int that sorts ascending as the float sorts descending (any finite or infinite value). */
  private static int descending(float v) {
    int bits = Float.floatToIntBits(v);
    int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff; // ascending with v, as a signed int
    return ~ordered;
  }
}
