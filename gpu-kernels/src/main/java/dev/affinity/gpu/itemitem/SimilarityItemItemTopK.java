package dev.affinity.gpu.itemitem;

import dev.affinity.gpu.similarity.Metric;
import dev.affinity.gpu.similarity.SimilarityTopK;
import dev.affinity.gpu.similarity.TopKResult;

/**
 * Item-item top-k as batched similarity top-k with the items as their own queries and each row
 * excluding itself. Why no separate kernel: the fused similarity kernel already is the right
 * shape (it never writes the n×n score matrix), and reusing it keeps one code path to test and
 * tune on both CPU and CUDA. Queries run in row chunks so scratch memory stays bounded.
 */
public final class SimilarityItemItemTopK implements ItemItemTopK {
  static final int DEFAULT_CHUNK = 8192;

  private final SimilarityTopK similarity;
  private final int chunk;

  /** Wraps a similarity implementation (CPU or CUDA). */
  public SimilarityItemItemTopK(SimilarityTopK similarity) {
    this(similarity, DEFAULT_CHUNK);
  }

  SimilarityItemItemTopK(SimilarityTopK similarity, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be positive");
    }
    this.similarity = similarity;
    this.chunk = chunk;
  }

  @Override
  public String name() {
    return "item-item via " + similarity.name();
  }

  @Override
  public TopKResult topK(float[] items, int n, int d, int k, Metric metric) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if ((long) n * k > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("n*k too large for one result: " + ((long) n * k));
    }
    int[] ids = new int[n * k];
    float[] scores = new float[n * k];
    try (SimilarityTopK.Catalogue catalogue = similarity.load(items, n, d)) {
      for (int from = 0; from < n; from += chunk) {
        int rows = Math.min(chunk, n - from);
        float[] queries = new float[rows * d];
        System.arraycopy(items, from * d, queries, 0, rows * d);
        int[] rowPtr = new int[rows + 1];
        int[] self = new int[rows];
        for (int r = 0; r < rows; r++) {
          rowPtr[r + 1] = r + 1;
          self[r] = from + r;
        }
        TopKResult part = similarity.topK(queries, rows, catalogue, k, metric, rowPtr, self);
        System.arraycopy(part.ids(), 0, ids, from * k, rows * k);
        System.arraycopy(part.scores(), 0, scores, from * k, rows * k);
      }
    }
    return new TopKResult(n, k, ids, scores);
  }
}
