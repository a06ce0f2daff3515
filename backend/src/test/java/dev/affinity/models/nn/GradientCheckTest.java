package dev.affinity.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The layers' analytic gradients against central finite differences (in double on the loss
 * {@code L = Σ c·y} for random c), and the BLAS wrapper against a naive product in every
 * transpose combination.
 */
class GradientCheckTest {

  @ParameterizedTest
  @EnumSource(Activation.class)
  void denseGradientsMatchFiniteDifferences(Activation activation) {
    SplittableRandom rnd = new SplittableRandom(1);
    int b = 3;
    int in = 5;
    int out = 4;
    Dense d = Dense.xavier(in, out, activation, rnd);
    float[] x = random(b * in, rnd);
    float[] c = random(b * out, rnd);
    float[] y = new float[b * out];
    d.forward(x, b, y);
    float[] dy = c.clone();
    float[] dx = new float[b * in];
    d.zeroGrad();
    d.backward(x, y, dy, b, dx);
    for (int k = 0; k < d.weight().length; k++) {
      assertEquals(numeric(() -> loss(d, x, b, c), d.weight(), k), d.gradWeight()[k], 2e-3, "dW " + k);
    }
    for (int k = 0; k < out; k++) {
      assertEquals(numeric(() -> loss(d, x, b, c), d.bias(), k), d.gradBias()[k], 2e-3, "db " + k);
    }
    for (int k = 0; k < x.length; k++) {
      assertEquals(numeric(() -> loss(d, x, b, c), x, k), dx[k], 2e-3, "dx " + k);
    }
  }

  @Test
  void sparseLayerEqualsDenseLayerOnTheSameInput() {
    SplittableRandom rnd = new SplittableRandom(2);
    SparseDense s = SparseDense.xavier(6, 3, Activation.TANH, rnd);
    SparseRows x = new SparseRows(2, new int[] {0, 2, 3}, new int[] {1, 4, 0}, new float[] {0.5f, -1f, 2f});
    float[] y = new float[6];
    s.forward(x, y, 2);
    float[] c = random(6, rnd);
    float[] dy = c.clone();
    s.zeroGrad();
    s.backward(x, y, dy);
    // row 0 = tanh(b + 0.5·W[1] − W[4]), row 1 = tanh(b + 2·W[0]); check one weight numerically
    float[] w = s.weight();
    int k = 4 * 3 + 2;
    float saved = w[k];
    w[k] = saved + 1e-3f;
    double plus = sparseLoss(s, x, c);
    w[k] = saved - 1e-3f;
    double minus = sparseLoss(s, x, c);
    w[k] = saved;
    assertEquals((plus - minus) / 2e-3, s.gradWeight()[k], 2e-3);
  }

  @Test
  void gemmMatchesNaiveProductInEveryTransposeCombination() {
    SplittableRandom rnd = new SplittableRandom(4);
    int m = 7;
    int n = 5;
    int k = 9;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = random(m * k, rnd);
        float[] b = random(k * n, rnd);
        float[] c = random(m * n, rnd);
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
              s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
            }
            expected[i * n + j] = (float) (2 * s + 0.5 * c[i * n + j]);
          }
        }
        Blas.gemm(ta, tb, m, n, k, 2f, a, b, 0.5f, c);
        for (int q = 0; q < expected.length; q++) {
          assertEquals(expected[q], c[q], 1e-4, "ta=" + ta + " tb=" + tb + " at " + q);
        }
      }
    }
  }

  @Test
  void adamMovesAParameterTowardsTheMinimum() {
    float[] theta = {3f};
    float[] grad = new float[1];
    Adam adam = new Adam(0.1, 0);
    adam.add(theta, grad);
    for (int i = 0; i < 200; i++) {
      grad[0] = 2 * (theta[0] - 1);
      adam.step();
    }
    assertEquals(1f, theta[0], 0.05);
  }

  private static double sparseLoss(SparseDense s, SparseRows x, float[] c) {
    float[] y = new float[c.length];
    s.forward(x, y, 1);
    double l = 0;
    for (int k = 0; k < c.length; k++) {
      l += c[k] * y[k];
    }
    return l;
  }

  private static double loss(Dense d, float[] x, int b, float[] c) {
    float[] y = new float[c.length];
    d.forward(x, b, y);
    double l = 0;
    for (int k = 0; k < c.length; k++) {
      l += c[k] * y[k];
    }
    return l;
  }

  private static double numeric(java.util.function.DoubleSupplier loss, float[] p, int k) {
    float saved = p[k];
    float h = 1e-2f;
    p[k] = saved + h;
    double plus = loss.getAsDouble();
    p[k] = saved - h;
    double minus = loss.getAsDouble();
    p[k] = saved;
    return (plus - minus) / (2 * h);
  }

  private static float[] random(int len, SplittableRandom rnd) {
    float[] a = new float[len];
    for (int k = 0; k < len; k++) {
      a[k] = (float) rnd.nextGaussian();
    }
    return a;
  }
}
