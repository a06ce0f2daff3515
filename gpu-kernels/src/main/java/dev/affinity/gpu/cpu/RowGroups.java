package dev.affinity.gpu.cpu;

import java.util.concurrent.ForkJoinPool;

/**
 * Matrix A (rows × depth, row-major) repacked for {@link MicroKernel}: rows are grouped
 * {@link MicroKernel#ROWS} at a time, and inside a group the ROWS values of each k are contiguous,
 * so the kernel's broadcasts read one sequential stream instead of ROWS rows far apart (in the
 * denoiser's first layer rows are 40 KB apart). Rows past {@code rows} are zero.
 *
 * <p>Why it pays: on this project's 2-core Xeon (AVX-512) the 8-row kernel did about a quarter more
 * fma per second on packed A than on row-major A (docs/benchmarks/cpu-kernels.md), and packing is
 * one pass over A, small next to the arithmetic done on it (every row meets every panel).
 */
public final class RowGroups {
  private RowGroups() {}

  /** Groups needed for {@code rows} rows. */
  public static int groups(int rows) {
    return (rows + MicroKernel.ROWS - 1) / MicroKernel.ROWS;
  }

  /** Offset of (group, k) in a packed array of the given depth. */
  public static int offset(int group, int depth, int k) {
    return (group * depth + k) * MicroKernel.ROWS;
  }

  /** Packs {@code rows} rows of A, row r starting at {@code r * ld} in {@code src}. */
  public static float[] pack(float[] src, int rows, int depth, int ld) {
    float[] dst = new float[size(rows, depth)];
    for (int g = 0; g < groups(rows); g++) {
      packGroup(src, rows, depth, ld, dst, g);
    }
    return dst;
  }

  /** Like {@link #pack(float[], int, int, int)}, a group per task on {@code pool} (for large A). */
  public static float[] pack(ForkJoinPool pool, float[] src, int rows, int depth, int ld) {
    float[] dst = new float[size(rows, depth)];
    Parallel.forEach(pool, groups(rows), g -> packGroup(src, rows, depth, ld, dst, g));
    return dst;
  }

  private static int size(int rows, int depth) {
    long size = (long) groups(rows) * MicroKernel.ROWS * depth;
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("matrix too large for one packed array: " + size + " values");
    }
    return (int) size;
  }

  private static void packGroup(float[] src, int rows, int depth, int ld, float[] dst, int g) {
    int base = g * MicroKernel.ROWS * depth;
    for (int r = 0; r < MicroKernel.ROWS; r++) {
      int row = g * MicroKernel.ROWS + r;
      if (row >= rows) {
        return; // the rest of the group stays zero
      }
      int s = row * ld;
      for (int k = 0; k < depth; k++) {
        dst[base + k * MicroKernel.ROWS + r] = src[s + k];
      }
    }
  }
}
