package dev.affinity.gpu.itemitem;

import dev.affinity.gpu.similarity.Metric;
import dev.affinity.gpu.similarity.TopKResult;

/**
 * Item-item neighbours for neighbourhood models: every item against every other item (never
 * itself), the k most similar each. Same ordering, ties and padding as
 * {@link dev.affinity.gpu.similarity.SimilarityTopK}.
 */
public interface ItemItemTopK {
  /**
   * @param items n × d row-major item vectors
   * @return n × k neighbours
   */
  TopKResult topK(float[] items, int n, int d, int k, Metric metric);

  /** Which implementation this is, for logs and benchmarks. */
  String name();
}
