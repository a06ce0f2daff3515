package dev.affinity.eval;

/**
 * Per-user ranking metrics of the DiffRec protocol: Recall@K = hits / |relevant|; NDCG@K with
 * {@code DCG = Σ_{hit at rank r} 1/log2(r+2)} (r from 0) and ideal DCG over
 * {@code min(K, |relevant|)} positions; Precision@K = hits / K.
 */
public final class Metrics {

  private Metrics() {
  }

  /** {recall, ndcg, precision} at {@code k} for one user; {@code relevant} may hold -1 (unhittable). */
  public static double[] atK(int[] ranked, int[] relevant, int k) {
    if (relevant.length == 0) {
      throw new IllegalArgumentException("user has no relevant items");
    }
    int hits = 0;
    double dcg = 0;
    for (int r = 0; r < Math.min(k, ranked.length); r++) {
      if (contains(relevant, ranked[r])) {
        hits++;
        dcg += 1.0 / log2(r + 2);
      }
    }
    double idcg = 0;
    for (int r = 0; r < Math.min(k, relevant.length); r++) {
      idcg += 1.0 / log2(r + 2);
    }
    return new double[] {hits / (double) relevant.length, dcg / idcg, hits / (double) k};
  }

  private static boolean contains(int[] a, int x) {
    for (int v : a) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
