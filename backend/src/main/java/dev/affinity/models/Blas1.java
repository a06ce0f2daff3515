package dev.affinity.models;

/**
 * Level-1 kernels on float arrays written so the JIT vectorises them: axpy loops auto-vectorise,
 * and dot products use eight independent accumulators because C2 does not vectorise strict float
 * reductions on its own. Small-vector work (factor length 32–512) is too fine-grained for native
 * BLAS calls, whose per-call overhead would dominate.
 */
public final class Blas1 {

  private Blas1() {
  }

  /** {@code Σ_k a[ao+k]·b[bo+k]} for k in [0, n). */
  public static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int k = 0;
    for (; k + 8 <= n; k += 8) {
      s0 += a[ao + k] * b[bo + k];
      s1 += a[ao + k + 1] * b[bo + k + 1];
      s2 += a[ao + k + 2] * b[bo + k + 2];
      s3 += a[ao + k + 3] * b[bo + k + 3];
      s4 += a[ao + k + 4] * b[bo + k + 4];
      s5 += a[ao + k + 5] * b[bo + k + 5];
      s6 += a[ao + k + 6] * b[bo + k + 6];
      s7 += a[ao + k + 7] * b[bo + k + 7];
    }
    for (; k < n; k++) {
      s0 += a[ao + k] * b[bo + k];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** {@code y[yo+k] += alpha·x[xo+k]} for k in [0, n). */
  public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
    for (int k = 0; k < n; k++) {
      y[yo + k] += alpha * x[xo + k];
    }
  }
}
