package dev.affinity.gpu.similarity;

/**
 * Batched similarity top-k: for each of b queries, the k items with the highest score (dot product
 * or cosine), skipping a per-query exclusion list (typically the items the user already has).
 *
 * <p>Why an interface: the backend serves with whatever {@code GpuRuntime} selected — a fused CUDA
 * kernel that never writes the b×n score matrix to memory, or the CPU twin — and both must return
 * exactly the same shape, order and padding (see {@link TopKResult}).
 *
 * <p>Layouts are row-major: queries b×d, items n×d. Exclusions are CSR: the ids excluded for query
 * q are {@code excludeIds[excludeRowPtr[q] .. excludeRowPtr[q+1])}; pass {@code null} for both when
 * there are none. Excluded ids outside [0, n) are ignored. Implementations are thread-safe.
 */
public interface SimilarityTopK {

  /**
   * Items prepared once and reused across calls (packed on the CPU, resident in device memory on
   * CUDA). Close it to release that memory; a closed catalogue must not be used again.
   */
  interface Catalogue extends AutoCloseable {
    /** Number of items n. */
    int size();

    /** Vector dimension d. */
    int dimension();

    @Override
    void close();
  }

  /** Prepares {@code n} items of dimension {@code d} (row-major in {@code items}) for scoring. */
  Catalogue load(float[] items, int n, int d);

  /** Top-k of {@code b} queries against a prepared catalogue; see the type's javadoc for layouts. */
  TopKResult topK(float[] queries, int b, Catalogue items, int k, Metric metric,
      int[] excludeRowPtr, int[] excludeIds);

  /** One-shot form: loads {@code items}, scores, and releases them. */
  default TopKResult topK(float[] queries, int b, float[] items, int n, int d, int k, Metric metric,
      int[] excludeRowPtr, int[] excludeIds) {
    try (Catalogue c = load(items, n, d)) {
      return topK(queries, b, c, k, metric, excludeRowPtr, excludeIds);
    }
  }

  /** Which implementation this is, for logs and benchmarks. */
  String name();
}
