package dev.affinity.gpu.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link MicroKernel}: 8 rows × 2 vectors of accumulators held in registers (16
 * independent fma chains) on 512-bit vectors, two passes of 4 rows × 2 vectors on narrower ones;
 * one broadcast per row (from the packed group, one sequential stream) and two panel loads per
 * step of k. Why this shape: with 4 rows and row-major A the kernel ran at about 80 % of the
 * packed 8-row kernel's fma rate on AVX-512 (see docs/benchmarks/cpu-kernels.md).
 */
final class VectorMicroKernel extends MicroKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int W = 2 * L;
  /** 512-bit vectors come with 32 registers (AVX-512); with 256-bit AVX2 there are only 16. */
  private static final boolean WIDE = S.vectorBitSize() >= 512;

  @Override
  public int width() {
    return W;
  }

  @Override
  public String name() {
    return "Vector API, " + ROWS + "x" + W + " (" + S.vectorBitSize() + "-bit"
        + (WIDE ? "" : ", 2 passes of 4 rows") + ")";
  }

  @Override
  public long atLeast(float[] tile, int off, float scale, float[] colScale, int col0, float threshold) {
    FloatVector a = FloatVector.fromArray(S, tile, off);
    FloatVector b = FloatVector.fromArray(S, tile, off + L);
    if (colScale != null) {
      a = a.mul(scale).mul(FloatVector.fromArray(S, colScale, col0));
      b = b.mul(scale).mul(FloatVector.fromArray(S, colScale, col0 + L));
    }
    return a.compare(VectorOperators.GE, threshold).toLong()
        | b.compare(VectorOperators.GE, threshold).toLong() << L;
  }

  @Override
  public void run(float[] a, int aOff, float[] panel, int pOff, int kLen,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (WIDE) {
      run8(a, aOff, panel, pOff, kLen, c, cOff, ldc, accumulate);
    } else {
      run4(a, aOff, panel, pOff, kLen, c, cOff, ldc, accumulate);
      run4(a, aOff + 4, panel, pOff, kLen, c, cOff + 4 * ldc, ldc, accumulate);
    }
  }

  /** All eight rows at once: 16 accumulators + 2 panel vectors + 1 broadcast fit in 32 registers. */
  private static void run8(float[] a, int aOff, float[] panel, int pOff, int kLen,
      float[] c, int cOff, int ldc, boolean accumulate) {
    FloatVector s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51, s60, s61, s70, s71;
    if (accumulate) {
      s00 = FloatVector.fromArray(S, c, cOff);
      s01 = FloatVector.fromArray(S, c, cOff + L);
      s10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
      s11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + L);
      s20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      s21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
      s30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      s31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
      s40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
      s41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
      s50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
      s51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + L);
      s60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
      s61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + L);
      s70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
      s71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + L);
    } else {
      s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(S);
      s40 = s41 = s50 = s51 = s60 = s61 = s70 = s71 = FloatVector.zero(S);
    }
    int pk = pOff;
    int ak = aOff;
    for (int k = 0; k < kLen; k++, pk += W, ak += ROWS) {
      FloatVector b0 = FloatVector.fromArray(S, panel, pk);
      FloatVector b1 = FloatVector.fromArray(S, panel, pk + L);
      FloatVector x = FloatVector.broadcast(S, a[ak]);
      s00 = x.fma(b0, s00);
      s01 = x.fma(b1, s01);
      x = FloatVector.broadcast(S, a[ak + 1]);
      s10 = x.fma(b0, s10);
      s11 = x.fma(b1, s11);
      x = FloatVector.broadcast(S, a[ak + 2]);
      s20 = x.fma(b0, s20);
      s21 = x.fma(b1, s21);
      x = FloatVector.broadcast(S, a[ak + 3]);
      s30 = x.fma(b0, s30);
      s31 = x.fma(b1, s31);
      x = FloatVector.broadcast(S, a[ak + 4]);
      s40 = x.fma(b0, s40);
      s41 = x.fma(b1, s41);
      x = FloatVector.broadcast(S, a[ak + 5]);
      s50 = x.fma(b0, s50);
      s51 = x.fma(b1, s51);
      x = FloatVector.broadcast(S, a[ak + 6]);
      s60 = x.fma(b0, s60);
      s61 = x.fma(b1, s61);
      x = FloatVector.broadcast(S, a[ak + 7]);
      s70 = x.fma(b0, s70);
      s71 = x.fma(b1, s71);
    }
    s00.intoArray(c, cOff);
    s01.intoArray(c, cOff + L);
    s10.intoArray(c, cOff + 1 * ldc);
    s11.intoArray(c, cOff + 1 * ldc + L);
    s20.intoArray(c, cOff + 2 * ldc);
    s21.intoArray(c, cOff + 2 * ldc + L);
    s30.intoArray(c, cOff + 3 * ldc);
    s31.intoArray(c, cOff + 3 * ldc + L);
    s40.intoArray(c, cOff + 4 * ldc);
    s41.intoArray(c, cOff + 4 * ldc + L);
    s50.intoArray(c, cOff + 5 * ldc);
    s51.intoArray(c, cOff + 5 * ldc + L);
    s60.intoArray(c, cOff + 6 * ldc);
    s61.intoArray(c, cOff + 6 * ldc + L);
    s70.intoArray(c, cOff + 7 * ldc);
    s71.intoArray(c, cOff + 7 * ldc + L);
  }

  /**
   * Four of the eight rows (the group's stride stays {@link #ROWS}): 8 accumulators, for CPUs with
   * 16 vector registers, where 16 accumulators would spill.
   */
  private static void run4(float[] a, int aOff, float[] panel, int pOff, int kLen,
      float[] c, int cOff, int ldc, boolean accumulate) {
    FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
    if (accumulate) {
      s00 = FloatVector.fromArray(S, c, cOff);
      s01 = FloatVector.fromArray(S, c, cOff + L);
      s10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
      s11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + L);
      s20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      s21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
      s30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      s31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
    } else {
      s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(S);
    }
    int pk = pOff;
    int ak = aOff;
    for (int k = 0; k < kLen; k++, pk += W, ak += ROWS) {
      FloatVector b0 = FloatVector.fromArray(S, panel, pk);
      FloatVector b1 = FloatVector.fromArray(S, panel, pk + L);
      FloatVector x = FloatVector.broadcast(S, a[ak]);
      s00 = x.fma(b0, s00);
      s01 = x.fma(b1, s01);
      x = FloatVector.broadcast(S, a[ak + 1]);
      s10 = x.fma(b0, s10);
      s11 = x.fma(b1, s11);
      x = FloatVector.broadcast(S, a[ak + 2]);
      s20 = x.fma(b0, s20);
      s21 = x.fma(b1, s21);
      x = FloatVector.broadcast(S, a[ak + 3]);
      s30 = x.fma(b0, s30);
      s31 = x.fma(b1, s31);
    }
    s00.intoArray(c, cOff);
    s01.intoArray(c, cOff + L);
    s10.intoArray(c, cOff + 1 * ldc);
    s11.intoArray(c, cOff + 1 * ldc + L);
    s20.intoArray(c, cOff + 2 * ldc);
    s21.intoArray(c, cOff + 2 * ldc + L);
    s30.intoArray(c, cOff + 3 * ldc);
    s31.intoArray(c, cOff + 3 * ldc + L);
  }
}
