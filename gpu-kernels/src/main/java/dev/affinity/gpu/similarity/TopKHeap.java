package dev.affinity.gpu.similarity;

import java.util.Arrays;

/**
 * Partial selection of the k best (score, id) pairs: a binary heap whose root is the worst kept
 * entry, so a candidate is rejected with one comparison once the heap is full.
 */
final class TopKHeap {
  private final int k;
  private final float[] s;
  private final int[] id;
  private int size;

  TopKHeap(int k) {
    this.k = k;
    this.s = new float[k];
    this.id = new int[k];
  }

  /** Scores strictly below this can never enter (−∞ until the heap is full). */
  float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : s[0];
  }

  void offer(float score, int item) {
    if (score != score) {
      return;
    }
    if (size < k) {
      int i = size++;
      s[i] = score;
      id[i] = item;
      siftUp(i);
    } else if (TopKOrder.better(score, item, s[0], id[0])) {
      s[0] = score;
      id[0] = item;
      siftDown(0);
    }
  }

  /** Offers every entry of another heap. */
  void offerAll(TopKHeap other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.s[i], other.id[i]);
    }
  }

  /** Writes the entries best-first into row {@code row} of the outputs, padding the rest. */
  void writeSorted(int[] outIds, float[] outScores, int row) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> TopKOrder.better(s[x], id[x], s[y], id[y]) ? -1
        : TopKOrder.better(s[y], id[y], s[x], id[x]) ? 1 : 0);
    int base = row * k;
    for (int j = 0; j < size; j++) {
      outIds[base + j] = id[order[j]];
      outScores[base + j] = s[order[j]];
    }
    for (int j = size; j < k; j++) {
      outIds[base + j] = -1;
      outScores[base + j] = Float.NEGATIVE_INFINITY;
    }
  }

  private boolean worse(int a, int b) {
    return TopKOrder.better(s[b], id[b], s[a], id[a]);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!worse(i, p)) {
        return;
      }
      swap(i, p);
      i = p;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int w = l;
      int r = l + 1;
      if (r < size && worse(r, l)) {
        w = r;
      }
      if (!worse(w, i)) {
        return;
      }
      swap(i, w);
      i = w;
    }
  }

  private void swap(int a, int b) {
    float ts = s[a];
    s[a] = s[b];
    s[b] = ts;
    int ti = id[a];
    id[a] = id[b];
    id[b] = ti;
  }
}
