package dev.affinity.gpu.cpu;

/**
 * Matrix B (rows × depth, row-major) repacked for {@link MicroKernel}: rows are grouped into panels
 * of P = {@code kernel.width()} rows, and inside a panel the P values of each k are contiguous, so
 * the kernel reads B strictly sequentially. Rows past {@link #rows()} are zero.
 *
 * <p>Why repack: packing once (an item catalogue, a layer's weights) turns every later pass into
 * unit-stride, cache-line-aligned streaming, which is what lets the CPU twins run near the
 * machine's fma rate.
 */
public final class Panels {
  private final int rows;
  private final int depth;
  private final int width;
  private final float[] data;

  private Panels(int rows, int depth, int width, float[] data) {
    this.rows = rows;
    this.depth = depth;
    this.width = width;
    this.data = data;
  }

  /**
   * Packs {@code rows} rows of B, each row starting at {@code r * ld + colOffset} in {@code src}
   * and {@code depth} values long.
   */
  public static Panels pack(float[] src, int rows, int depth, int ld, int colOffset, int width) {
    if (rows < 0 || depth < 0 || ld < depth + colOffset || colOffset < 0) {
      throw new IllegalArgumentException("bad shape: rows=" + rows + " depth=" + depth + " ld=" + ld
          + " colOffset=" + colOffset);
    }
    long needed = rows == 0 ? 0 : (long) (rows - 1) * ld + colOffset + depth;
    if (src.length < needed) {
      throw new IllegalArgumentException("source holds " + src.length + " values, shape needs " + needed);
    }
    int panels = (rows + width - 1) / width;
    long size = (long) panels * width * depth;
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("matrix too large for one packed array: " + size + " values");
    }
    float[] data = new float[(int) size];
    for (int r = 0; r < rows; r++) {
      int panel = r / width;
      int p = r % width;
      int base = panel * width * depth + p;
      int s = r * ld + colOffset;
      for (int k = 0; k < depth; k++) {
        data[base + k * width] = src[s + k];
      }
    }
    return new Panels(rows, depth, width, data);
  }

  /** Rows of B (before padding to whole panels). */
  public int rows() {
    return rows;
  }

  /** The shared dimension K. */
  public int depth() {
    return depth;
  }

  /** Panel width P. */
  public int width() {
    return width;
  }

  /** Number of panels, {@code ceil(rows / width)}. */
  public int panels() {
    return (rows + width - 1) / width;
  }

  /** Rows rounded up to whole panels. */
  public int paddedRows() {
    return panels() * width;
  }

  /** The packed values; panel j's element (k, p) is at {@link #offset(int, int)} {@code + p}. */
  public float[] data() {
    return data;
  }

  /** Offset of (panel, k) in {@link #data()}. */
  public int offset(int panel, int k) {
    return (panel * depth + k) * width;
  }
}
