package dev.affinity.gpu.similarity;

/**
 * Inverse L2 norms for cosine scores, computed on the host for both the CPU and the CUDA path so
 * that both multiply the same dot product by the same two factors: {@code (dot * invQ) * invV}.
 */
final class Norms {
  private Norms() {}

  static float[] inverse(float[] v, int rows, int d) {
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      int base = r * d;
      for (int j = 0; j < d; j++) {
        double x = v[base + j];
        sum += x * x;
      }
      out[r] = sum == 0 ? 0f : (float) (1.0 / Math.sqrt(sum));
    }
    return out;
  }
}
