package dev.affinity.models;

/** Row {@code i} of {@code XᵀX} by walking item i's users and their rows (sparse, no n×n matrix). */
public final class Cooccurrence {

  private Cooccurrence() {
  }

  /** Adds row i of XᵀX into acc. */
  public static void row(Interactions x, Interactions xt, int i, float[] acc) {
    int[] uc = xt.cols();
    float[] uv = xt.values();
    int[] ic = x.cols();
    float[] iv = x.values();
    for (int p = xt.rowStart(i); p < xt.rowEnd(i); p++) {
      int u = uc[p];
      float a = uv[p];
      for (int q = x.rowStart(u); q < x.rowEnd(u); q++) {
        acc[ic[q]] += a * iv[q];
      }
    }
  }
}
