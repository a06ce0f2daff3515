package dev.affinity.gpu.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link MicroKernel}: 4 rows × 2 vectors of accumulators held in registers (8 independent
 * fma chains, enough to cover the fma latency on AVX2 and AVX-512), one broadcast per row and two
 * panel loads per step of k.
 */
final class VectorMicroKernel extends MicroKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int W = 2 * L;

  @Override
  public int width() {
    return W;
  }

  @Override
  public String name() {
    return "Vector API, " + ROWS + "x" + W + " (" + S.vectorBitSize() + "-bit)";
  }

  @Override
  public float maxScaled(float[] tile, int off, float scale, float[] colScale, int col0) {
    FloatVector a = FloatVector.fromArray(S, tile, off);
    FloatVector b = FloatVector.fromArray(S, tile, off + L);
    if (colScale != null) {
      a = a.mul(scale).mul(FloatVector.fromArray(S, colScale, col0));
      b = b.mul(scale).mul(FloatVector.fromArray(S, colScale, col0 + L));
    }
    return a.max(b).reduceLanes(jdk.incubator.vector.VectorOperators.MAX);
  }

  @Override
  public void run(float[] a, int aOff, int lda, float[] panel, int pOff, int kLen,
      float[] c, int cOff, int ldc, boolean accumulate) {
    int c0 = cOff;
    int c1 = cOff + ldc;
    int c2 = cOff + 2 * ldc;
    int c3 = cOff + 3 * ldc;
    FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
    if (accumulate) {
      s00 = FloatVector.fromArray(S, c, c0);
      s01 = FloatVector.fromArray(S, c, c0 + L);
      s10 = FloatVector.fromArray(S, c, c1);
      s11 = FloatVector.fromArray(S, c, c1 + L);
      s20 = FloatVector.fromArray(S, c, c2);
      s21 = FloatVector.fromArray(S, c, c2 + L);
      s30 = FloatVector.fromArray(S, c, c3);
      s31 = FloatVector.fromArray(S, c, c3 + L);
    } else {
      s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(S);
    }
    int a0 = aOff;
    int a1 = aOff + lda;
    int a2 = aOff + 2 * lda;
    int a3 = aOff + 3 * lda;
    int pk = pOff;
    for (int k = 0; k < kLen; k++, pk += W) {
      FloatVector b0 = FloatVector.fromArray(S, panel, pk);
      FloatVector b1 = FloatVector.fromArray(S, panel, pk + L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + k]);
      s00 = x.fma(b0, s00);
      s01 = x.fma(b1, s01);
      x = FloatVector.broadcast(S, a[a1 + k]);
      s10 = x.fma(b0, s10);
      s11 = x.fma(b1, s11);
      x = FloatVector.broadcast(S, a[a2 + k]);
      s20 = x.fma(b0, s20);
      s21 = x.fma(b1, s21);
      x = FloatVector.broadcast(S, a[a3 + k]);
      s30 = x.fma(b0, s30);
      s31 = x.fma(b1, s31);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s20.intoArray(c, c2);
    s21.intoArray(c, c2 + L);
    s30.intoArray(c, c3);
    s31.intoArray(c, c3 + L);
  }
}
