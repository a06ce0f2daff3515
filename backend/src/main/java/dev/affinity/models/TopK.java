package dev.affinity.models;

/**
 * Top-k selection over a score array with a small binary min-heap: O(n log k), no allocation of n
 * objects, which matters when every evaluation ranks all items for thousands of users.
 */
public final class TopK {

  private TopK() {
  }

  /**
   * Indices (relative to {@code from}) of the {@code k} largest finite-or-infinite scores in
   * {@code s[from, to)}, best first; {@code -Infinity} entries are never returned; ties go to the
   * lower index.
   */
  public static int[] select(float[] s, int from, int to, int k) {
    int[] heap = new int[Math.min(k, to - from)];
    int size = 0;
    for (int j = from; j < to; j++) {
      float v = s[j];
      if (v == Float.NEGATIVE_INFINITY || Float.isNaN(v)) {
        continue;
      }
      if (size < heap.length) {
        heap[size] = j;
        siftUp(s, heap, size++);
      } else if (size > 0 && better(s, j, heap[0])) {
        heap[0] = j;
        siftDown(s, heap, size);
      }
    }
    int[] out = new int[size];
    for (int p = size - 1; p >= 0; p--) {
      out[p] = heap[0] - from;
      heap[0] = heap[p];
      siftDown(s, heap, p);
    }
    return out;
  }

  private static boolean better(float[] s, int a, int b) {
    return s[a] > s[b] || (s[a] == s[b] && a < b);
  }

  private static void siftUp(float[] s, int[] h, int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!better(s, h[parent], h[i])) {
        break;
      }
      int t = h[parent];
      h[parent] = h[i];
      h[i] = t;
      i = parent;
    }
  }

  private static void siftDown(float[] s, int[] h, int size) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int worst = l + 1 < size && better(s, h[l], h[l + 1]) ? l + 1 : l;
      if (!better(s, h[i], h[worst])) {
        return;
      }
      int t = h[i];
      h[i] = h[worst];
      h[worst] = t;
      i = worst;
    }
  }
}
