package dev.affinity.gpu.similarity;

/**
 * The one ordering every implementation uses (the CUDA kernels implement the same rule): higher
 * score first, then lower id; id -1 (padding) sorts after every real id, and NaN is never better.
 */
final class TopKOrder {
  private TopKOrder() {}

  static boolean better(float s1, int i1, float s2, int i2) {
    return s1 > s2 || (s1 == s2 && Integer.compareUnsigned(i1, i2) < 0);
  }
}
