package dev.affinity.gpu.similarity;

import java.util.Arrays;

/**
 * Partial selection of the k best (score, id) pairs in {@link TopKOrder}. Candidates that are not
 * below the current threshold are appended to a buffer of 2k + 64; when it holds 2k (the first
 * time: k), a quickselect keeps the k best and the k-th best score becomes the new threshold, so
 * scores below it are rejected with one comparison, as with a heap.
 *
 * <p>Why not a heap: on short rows (item-item over 10,000 items, k = 100) about one score in
 * twenty still enters, and a heap pays a log k sift of unpredictable branches for each; here an
 * entry costs a store, and the buffer's quickselect runs on single {@code long} keys without
 * branches in its inner loop. Each key packs a pair so that a larger key is a better pair:
 * the score's bits made order-preserving as a signed int (with −0 folded onto +0, which
 * {@link TopKOrder} treats as equal) in the high half, then {@code Integer.MAX_VALUE − id} (lower
 * ids win ties), then one bit that remembers a −0 so the exact score comes back out.
 */
final class TopKSelector {
  private static final int NEGATIVE_ZERO = 0x80000000;
  /** Candidates {@link #append} may add between two {@link #flush}es (one tile row). */
  static final int APPEND_ROOM = 64;

  private final int k;
  private final long[] keys;
  private int size;
  /** Compact when size reaches this: k the first time (a first threshold early), then 2k. */
  private int limit;
  private float threshold = Float.NEGATIVE_INFINITY;
  private long thresholdKey = Long.MIN_VALUE;

  TopKSelector(int k) {
    this.k = k;
    this.keys = new long[2 * k + APPEND_ROOM];
    this.limit = k;
  }

  /** Scores strictly below this can never enter (−∞ until k candidates have been kept). */
  float threshold() {
    return threshold;
  }

  /** Offers one candidate (a real id, ≥ 0); NaN never enters. */
  void offer(float score, int item) {
    if (!(score >= threshold)) {
      return;
    }
    keys[size] = key(score, item);
    if (++size == limit) {
      compact();
    }
  }

  /**
   * Adds a candidate the caller has already checked (not NaN, not below {@link #threshold()}, not
   * excluded), without compacting: the branch-free path for the columns of one tile row that
   * passed a vector compare. At most {@link #APPEND_ROOM} appends between two {@link #flush}es.
   */
  void append(float score, int item) {
    keys[size++] = key(score, item);
  }

  /** Compacts when the appends since the last flush filled the buffer to its limit. */
  void flush() {
    if (size >= limit) {
      compact();
    }
  }

  /** Offers every kept candidate of another selector. */
  void offerAll(TopKSelector other) {
    for (int i = 0; i < other.size; i++) {
      long key = other.keys[i];
      if (key >= thresholdKey) {
        keys[size] = key;
        if (++size >= limit) {
          compact();
        }
      }
    }
  }

  /** Writes the k best, best first, into row {@code row} of the outputs, padding the rest. */
  void writeSorted(int[] outIds, float[] outScores, int row) {
    compact();
    Arrays.sort(keys, 0, size);
    int base = row * k;
    for (int j = 0; j < size; j++) {
      long key = keys[size - 1 - j];
      outIds[base + j] = id(key);
      outScores[base + j] = score(key);
    }
    for (int j = size; j < k; j++) {
      outIds[base + j] = -1;
      outScores[base + j] = Float.NEGATIVE_INFINITY;
    }
  }

  static long key(float score, int id) {
    int bits = Float.floatToRawIntBits(score);
    int negativeZero = bits == NEGATIVE_ZERO ? 1 : 0;
    bits &= negativeZero - 1; // −0 → +0
    int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
    int low = ((Integer.MAX_VALUE - id) << 1) | negativeZero;
    return ((long) ordered << 32) | (low & 0xffffffffL);
  }

  static float score(long key) {
    int ordered = (int) (key >> 32);
    if ((key & 1) != 0) {
      return -0f;
    }
    return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
  }

  static int id(long key) {
    return Integer.MAX_VALUE - (int) ((key & 0xffffffffL) >>> 1);
  }

  /** Keeps the k best in [0, k) and raises the threshold to the k-th best score. */
  private void compact() {
    if (size < k) {
      return;
    }
    long kth;
    if (size > k) {
      select(k - 1);
      size = k;
      kth = keys[k - 1];
    } else {
      kth = keys[0];
      for (int i = 1; i < k; i++) {
        kth = Math.min(kth, keys[i]);
      }
    }
    limit = 2 * k;
    threshold = score(kth);
    thresholdKey = kth & 0xffffffff00000000L; // every key with the k-th best score
  }

  /** Quickselect: afterwards [0, nth] holds the nth + 1 largest keys, the smallest of them at nth. */
  private void select(int nth) {
    int lo = 0;
    int hi = size - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      long a = keys[lo];
      long b = keys[mid];
      long c = keys[hi];
      long median = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
      if (median == a) {
        swap(lo, hi);
      } else if (median == b) {
        swap(mid, hi);
      }
      long pivot = keys[hi];
      int store = lo;
      for (int i = lo; i < hi; i++) { // branch-free: swap always, advance when larger than the pivot
        long v = keys[i];
        keys[i] = keys[store];
        keys[store] = v;
        store += v > pivot ? 1 : 0;
      }
      keys[hi] = keys[store];
      keys[store] = pivot;
      if (store == nth) {
        return;
      }
      if (nth < store) {
        hi = store - 1;
      } else {
        lo = store + 1;
      }
    }
  }

  private void swap(int a, int b) {
    long t = keys[a];
    keys[a] = keys[b];
    keys[b] = t;
  }
}
