package dev.affinity.gpu.similarity;

/** Argument checks shared by the implementations, so both reject the same inputs the same way. */
final class Shapes {
  private Shapes() {}

  static void checkMatrix(String name, float[] m, int rows, int d) {
    if (m == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if (rows < 0 || d < 1) {
      throw new IllegalArgumentException(name + ": need rows >= 0 and d >= 1, got rows=" + rows + " d=" + d);
    }
    if (m.length < (long) rows * d) {
      throw new IllegalArgumentException(name + " holds " + m.length + " values, " + rows + "x" + d + " needs "
          + ((long) rows * d));
    }
  }

  static void checkQuery(float[] queries, int b, SimilarityTopK.Catalogue items, int k, Metric metric) {
    if (items == null || metric == null) {
      throw new IllegalArgumentException("items and metric are required");
    }
    checkMatrix("queries", queries, b, items.dimension());
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if ((long) b * k > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("b*k too large for one result: " + ((long) b * k));
    }
  }
}
