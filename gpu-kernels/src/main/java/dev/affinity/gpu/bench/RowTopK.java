package dev.affinity.gpu.bench;

import dev.affinity.gpu.cpu.Parallel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ForkJoinPool;

/**
 * Top-k of every row of a materialised score matrix (SGEMM's output), so that the OpenBLAS
 * baseline does the same job as the fused twins: a partial selection (a min-heap of the k best,
 * one comparison rejects most scores; the twins' algorithm before their buffered selector), the
 * same per-row exclusion lists, rows spread over the same pool. Ties are not ordered by id here:
 * the result is only compared with the twin's as sets, and its cost is what matters.
 */
final class RowTopK {
  private static final int ROWS_PER_TASK = 8;

  private RowTopK() {}

  /**
   * Selects the k largest of each row of {@code c} (rows × cols, row stride ldc floats), skipping
   * {@code exclude[row]} (small, unsorted; may be null) and returns the ids, row-major rows × k
   * ({@code -1} where a row has fewer than k eligible columns), each row in no particular order.
   */
  static int[] select(ForkJoinPool pool, MemorySegment c, int rows, int cols, long ldc, int k, int[][] exclude) {
    int[] out = new int[rows * k];
    int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    Parallel.forEach(pool, tasks, t -> {
      float[] row = new float[cols];
      float[] hs = new float[k];
      int[] hid = new int[k];
      for (int r = t * ROWS_PER_TASK; r < Math.min(rows, (t + 1) * ROWS_PER_TASK); r++) {
        MemorySegment.copy(c, ValueLayout.JAVA_FLOAT, r * ldc * Float.BYTES, row, 0, cols);
        int size = selectRow(row, cols, k, exclude == null ? null : exclude[r], hs, hid);
        System.arraycopy(hid, 0, out, r * k, size);
        java.util.Arrays.fill(out, r * k + size, (r + 1) * k, -1);
      }
    });
    return out;
  }

  private static int selectRow(float[] row, int cols, int k, int[] excluded, float[] hs, int[] hid) {
    int size = 0;
    float threshold = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < cols; j++) {
      float s = row[j];
      if (!(s > threshold) && size == k) {
        continue;
      }
      if (s != s || contains(excluded, j)) {
        continue;
      }
      if (size < k) {
        hs[size] = s;
        hid[size] = j;
        siftUp(hs, hid, size++);
        if (size == k) {
          threshold = hs[0];
        }
      } else {
        hs[0] = s;
        hid[0] = j;
        siftDown(hs, hid, k);
        threshold = hs[0];
      }
    }
    return size;
  }

  private static boolean contains(int[] excluded, int j) {
    if (excluded != null) {
      for (int e : excluded) {
        if (e == j) {
          return true;
        }
      }
    }
    return false;
  }

  private static void siftUp(float[] s, int[] id, int i) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (s[p] <= s[i]) {
        return;
      }
      swap(s, id, i, p);
      i = p;
    }
  }

  private static void siftDown(float[] s, int[] id, int size) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int m = l + 1 < size && s[l + 1] < s[l] ? l + 1 : l;
      if (s[i] <= s[m]) {
        return;
      }
      swap(s, id, i, m);
      i = m;
    }
  }

  private static void swap(float[] s, int[] id, int a, int b) {
    float ts = s[a];
    s[a] = s[b];
    s[b] = ts;
    int ti = id[a];
    id[a] = id[b];
    id[b] = ti;
  }
}
