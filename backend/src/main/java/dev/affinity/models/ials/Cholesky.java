package dev.affinity.models.ials;

/**
 * A dense symmetric positive-definite solve for iALS fold-in: f is at most a few hundred, so a plain
 * in-place Cholesky in doubles is exact enough and costs f³/3 — far below the f·n of scoring the
 * items afterwards, and it avoids a native call per request.
 */
final class Cholesky {
  private Cholesky() {
  }

  /**
   * Solves {@code A x = b} where only the lower triangle of {@code a} (row-major f×f) is read;
   * {@code a} is overwritten with the factor.
   */
  static float[] solveLower(double[] a, double[] b, int f) {
    for (int j = 0; j < f; j++) {
      double d = a[j * f + j];
      for (int k = 0; k < j; k++) {
        d -= a[j * f + k] * a[j * f + k];
      }
      if (!(d > 0)) {
        throw new ArithmeticException("fold-in system is not positive definite (lambda = 0?)");
      }
      double l = Math.sqrt(d);
      a[j * f + j] = l;
      for (int i = j + 1; i < f; i++) {
        double s = a[i * f + j];
        for (int k = 0; k < j; k++) {
          s -= a[i * f + k] * a[j * f + k];
        }
        a[i * f + j] = s / l;
      }
    }
    double[] y = new double[f];
    for (int i = 0; i < f; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= a[i * f + k] * y[k];
      }
      y[i] = s / a[i * f + i];
    }
    float[] x = new float[f];
    double[] xd = new double[f];
    for (int i = f - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < f; k++) {
        s -= a[k * f + i] * xd[k];
      }
      xd[i] = s / a[i * f + i];
      x[i] = (float) xd[i];
    }
    return x;
  }
}
