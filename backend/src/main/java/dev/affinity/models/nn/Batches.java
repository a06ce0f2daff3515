package dev.affinity.models.nn;

import dev.affinity.models.Interactions;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mini-batch helpers over an interaction matrix: a seeded shuffle of the user order per epoch and
 * dense copies of user rows, the input every autoencoder-style recommender trains on.
 */
public final class Batches {

  private Batches() {
  }

  /** 0 … n−1 in a random order drawn from {@code rnd} (Fisher–Yates). */
  public static int[] shuffled(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Writes rows {@code users[from, to)} of X densely into {@code out} ((to−from) × numItems, zeroed first). */
  public static void dense(Interactions x, int[] users, int from, int to, float[] out) {
    int n = x.numItems();
    Arrays.fill(out, 0, (to - from) * n, 0f);
    int[] cols = x.cols();
    float[] vals = x.values();
    for (int r = from; r < to; r++) {
      int u = users[r];
      int base = (r - from) * n;
      for (int p = x.rowStart(u); p < x.rowEnd(u); p++) {
        out[base + cols[p]] = vals[p];
      }
    }
  }
}
