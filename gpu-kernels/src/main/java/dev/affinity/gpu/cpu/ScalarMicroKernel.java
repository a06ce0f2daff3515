package dev.affinity.gpu.cpu;

/**
 * Plain-Java {@link MicroKernel}: the per-row accumulators live in a small array that the JIT
 * vectorises along the panel. Used when the Vector API module is absent.
 */
final class ScalarMicroKernel extends MicroKernel {
  private final int width;

  ScalarMicroKernel(int width) {
    this.width = width;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public String name() {
    return "plain Java, " + ROWS + "x" + width;
  }

  @Override
  public long atLeast(float[] tile, int off, float scale, float[] colScale, int col0, float threshold) {
    long mask = 0;
    for (int p = 0; p < width; p++) {
      float s = colScale == null ? tile[off + p] : tile[off + p] * scale * colScale[col0 + p];
      if (s >= threshold) {
        mask |= 1L << p;
      }
    }
    return mask;
  }

  @Override
  public void run(float[] a, int aOff, float[] panel, int pOff, int kLen,
      float[] c, int cOff, int ldc, boolean accumulate) {
    final int w = width;
    float[] acc = new float[ROWS * w];
    if (accumulate) {
      for (int r = 0; r < ROWS; r++) {
        System.arraycopy(c, cOff + r * ldc, acc, r * w, w);
      }
    }
    for (int k = 0; k < kLen; k++) {
      int pk = pOff + k * w;
      for (int r = 0; r < ROWS; r++) {
        float ar = a[aOff + k * ROWS + r];
        int base = r * w;
        for (int p = 0; p < w; p++) {
          acc[base + p] = Math.fma(ar, panel[pk + p], acc[base + p]);
        }
      }
    }
    for (int r = 0; r < ROWS; r++) {
      System.arraycopy(acc, r * w, c, cOff + r * ldc, w);
    }
  }
}
