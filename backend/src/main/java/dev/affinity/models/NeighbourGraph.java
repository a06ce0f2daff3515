package dev.affinity.models;

import java.util.Arrays;

/**
 * Builds a sparse top-k item×item matrix from a dense per-row fill function, one item row at a time
 * per thread, so the n×n matrix is never materialised (memory stays O(threads·n + n·k)).
 */
public final class NeighbourGraph {

  private NeighbourGraph() {
  }

  /** Fills {@code acc} (length n, zeroed by the caller's previous use) with row {@code i} of W. */
  @FunctionalInterface
  public interface RowFill {
    void fill(int i, float[] acc);
  }

  /** CSR arrays {@code (rowPtr, cols, w)} of W keeping the {@code k} largest positive entries per row. */
  public record Sparse(int[] rowPtr, int[] cols, float[] w) {
  }

  /**
   * Computes rows with {@code fill}, keeps the top {@code k} positive off-diagonal weights of each.
   */
  public static Sparse topK(int n, int k, Training training, String stage, RowFill fill) {
    int[][] nbr = new int[n][];
    float[][] wt = new float[n][];
    float[][] acc = new float[training.threads()][n];
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    Parallel.forRange(n, 16, training.threads(), (worker, from, to) -> {
      float[] a = acc[worker];
      for (int i = from; i < to; i++) {
        Arrays.fill(a, 0f);
        fill.fill(i, a);
        a[i] = 0f;
        int[] top = TopK.select(a, 0, n, k);
        int m = 0;
        while (m < top.length && a[top[m]] > 0f) {
          m++;
        }
        nbr[i] = Arrays.copyOf(top, m);
        wt[i] = new float[m];
        for (int q = 0; q < m; q++) {
          wt[i][q] = a[top[q]];
        }
      }
      training.progress().update(stage, done.addAndGet(to - from) / (double) n);
    });
    int[] ptr = new int[n + 1];
    for (int i = 0; i < n; i++) {
      ptr[i + 1] = ptr[i] + nbr[i].length;
    }
    int[] cols = new int[ptr[n]];
    float[] w = new float[ptr[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(nbr[i], 0, cols, ptr[i], nbr[i].length);
      System.arraycopy(wt[i], 0, w, ptr[i], wt[i].length);
    }
    return new Sparse(ptr, cols, w);
  }
}
