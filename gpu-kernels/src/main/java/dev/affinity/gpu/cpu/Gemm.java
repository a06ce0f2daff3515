package dev.affinity.gpu.cpu;

import java.util.concurrent.ForkJoinPool;

/**
 * Blocked, multi-threaded {@code C = A · Wᵀ} on the {@link MicroKernel}, for the denoiser MLP's
 * layers (A: activations, W: a layer's packed weights). A is first packed into {@link RowGroups}
 * (one parallel pass). Work is split into tasks of {@link #ROW_BLOCK} rows × {@link #PANEL_BLOCK}
 * panels; inside a task the shared dimension is cut into {@link #DEPTH_BLOCK}-long runs so that the
 * A block stays in L2 and each panel's run stays in L1 while every row group reuses it (the
 * GotoBLAS loop order). Each task finishes its block of C and then applies the caller's
 * {@link Epilogue} to it while it is still in cache.
 *
 * <p>Why 256-row blocks: every task streams its panels over the whole depth from memory, so the
 * panels are read rows / ROW_BLOCK times in all; with 64-row blocks that traffic (about 0.6 GB per
 * 1024 × 10,000 × 1,000 layer) cost more than the arithmetic on a 2-core machine. A 256 × 256 block
 * of A is 256 KB, well inside L2.
 */
public final class Gemm {
  static final int ROW_BLOCK = 256;
  static final int PANEL_BLOCK = 4;
  static final int DEPTH_BLOCK = 256;

  /** Post-processing of a finished block of C: rows [r0, r1), columns [c0, c1). */
  @FunctionalInterface
  public interface Epilogue {
    void apply(float[] c, int ldc, int r0, int r1, int c0, int c1);
  }

  private Gemm() {}

  /**
   * C (rows × {@code w.paddedRows()}, leading dimension ldc) = A (rows × {@code w.depth()},
   * leading dimension lda) · Wᵀ, then the epilogue. {@code rows} must be a multiple of
   * {@link MicroKernel#ROWS} and the panels must have the kernel's width.
   */
  public static void multiply(ForkJoinPool pool, MicroKernel kernel, float[] a, int rows, int lda,
      Panels w, float[] c, int ldc, Epilogue epilogue) {
    int width = kernel.width();
    if (w.width() != width || rows % MicroKernel.ROWS != 0 || ldc < w.paddedRows() || lda < w.depth()) {
      throw new IllegalArgumentException("gemm shape: rows=" + rows + " lda=" + lda + " ldc=" + ldc
          + " panels=" + w.paddedRows() + "x" + w.depth() + "/" + w.width() + " kernel width " + width);
    }
    int depth = w.depth();
    float[] packedA = RowGroups.pack(pool, a, rows, depth, lda);
    int rowBlocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
    int panels = w.panels();
    int panelBlocks = (panels + PANEL_BLOCK - 1) / PANEL_BLOCK;
    float[] data = w.data();
    Parallel.forEach(pool, rowBlocks * panelBlocks, t -> {
      int r0 = (t / panelBlocks) * ROW_BLOCK;
      int r1 = Math.min(rows, r0 + ROW_BLOCK);
      int p0 = (t % panelBlocks) * PANEL_BLOCK;
      int p1 = Math.min(panels, p0 + PANEL_BLOCK);
      if (depth == 0) {
        for (int r = r0; r < r1; r++) {
          java.util.Arrays.fill(c, r * ldc + p0 * width, r * ldc + p1 * width, 0f);
        }
      }
      for (int k0 = 0; k0 < depth; k0 += DEPTH_BLOCK) {
        int kLen = Math.min(DEPTH_BLOCK, depth - k0);
        for (int p = p0; p < p1; p++) {
          int pOff = w.offset(p, k0);
          for (int r = r0; r < r1; r += MicroKernel.ROWS) {
            int aOff = RowGroups.offset(r / MicroKernel.ROWS, depth, k0);
            kernel.run(packedA, aOff, data, pOff, kLen, c, r * ldc + p * width, ldc, k0 > 0);
          }
        }
      }
      if (epilogue != null) {
        epilogue.apply(c, ldc, r0, r1, p0 * width, p1 * width);
      }
    });
  }
}
