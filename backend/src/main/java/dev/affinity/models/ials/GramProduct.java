package dev.affinity.models.ials;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import smile.linalg.Transpose;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * {@code Y ← X·G} for all rows of a row-major m×f matrix X and the symmetric f×f Gram G in one native
 * SGEMM (OpenBLAS through Smile): the O(m·f²) part of every conjugate-gradient step, which in Java
 * would dominate training for f ≥ 128. Row-major m×f is column-major f×m, so rows map to columns.
 */
final class GramProduct {

  private final int f;
  private final int m;
  private final DenseMatrix g;
  private final DenseMatrix in;
  private final DenseMatrix out;

  GramProduct(float[] gram, int f, int m) {
    this.f = f;
    this.m = m;
    this.g = DenseMatrix.zeros(ScalarType.Float32, f, f);
    this.in = DenseMatrix.zeros(ScalarType.Float32, f, m);
    this.out = DenseMatrix.zeros(ScalarType.Float32, f, m);
    load(gram, g, f);
  }

  /** dst (m×f row-major) = src (m×f row-major) · G. */
  void times(float[] src, float[] dst) {
    load(src, in, m);
    DenseMatrix.mm(1.0, Transpose.NO_TRANSPOSE, g, Transpose.NO_TRANSPOSE, in, 0.0, out);
    MemorySegment seg = out.memory();
    long ld = out.ld();
    for (int j = 0; j < m; j++) {
      MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, j * ld * Float.BYTES, dst, j * f, f);
    }
  }

  /** Copies {@code cols} contiguous vectors of length f into the columns of {@code a}. */
  private void load(float[] src, DenseMatrix a, int cols) {
    MemorySegment seg = a.memory();
    long ld = a.ld();
    for (int j = 0; j < cols; j++) {
      MemorySegment.copy(src, j * f, seg, ValueLayout.JAVA_FLOAT, j * ld * Float.BYTES, f);
    }
  }
}
