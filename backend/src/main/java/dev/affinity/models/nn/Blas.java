package dev.affinity.models.nn;

import java.lang.foreign.MemorySegment;
import smile.linalg.blas.cblas_h;

/**
 * Row-major SGEMM on plain float arrays through Smile's OpenBLAS binding. Smile links
 * {@code cblas_sgemm} as a critical downcall that may read heap memory, so the arrays are passed
 * as {@link MemorySegment#ofArray} views: no copies in or out, which matters because the layers
 * multiply fresh activations every mini-batch.
 *
 * <p>Why OpenBLAS and not gpu-kernels' {@code dev.affinity.gpu.cpu.Gemm}: on this project's
 * 2-core AVX-512 machine, for the layer shapes of Mult-VAE and DiffRec (500×2810·2810×600,
 * 500×600·600×2810, 400×2820·2820×300, 400×300·300×2810) OpenBLAS ran at 65–109 GFLOP/s and the
 * Vector-API Gemm at 23–38 GFLOP/s once warm (measured side by side, same threads), and Gemm also
 * needs its B operand repacked into panels whenever the weights change — every step here.
 *
 * <p>OpenBLAS's level-3 threading partitions the output (M and N), not the shared dimension, so a
 * product repeats bit for bit for the same shapes and thread count — what makes a seeded fit
 * repeatable (the model tests check it).
 */
public final class Blas {

  private Blas() {
  }

  /**
   * {@code C = alpha·op(A)·op(B) + beta·C}, all row-major: op(A) is m×k, op(B) is k×n, C is m×n
   * with leading dimension n.
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
      float[] b, float beta, float[] c) {
    if (m == 0 || n == 0) {
      return;
    }
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    if (a.length < (long) m * k || b.length < (long) k * n || c.length < (long) m * n) {
      throw new IllegalArgumentException("gemm: arrays too small for " + m + "x" + k + " · " + k + "x" + n);
    }
    cblas_h.cblas_sgemm(cblas_h.CblasRowMajor(), transA ? cblas_h.CblasTrans() : cblas_h.CblasNoTrans(),
        transB ? cblas_h.CblasTrans() : cblas_h.CblasNoTrans(), m, n, k, alpha, MemorySegment.ofArray(a), lda,
        MemorySegment.ofArray(b), ldb, beta, MemorySegment.ofArray(c), n);
  }

  /**
   * Sets OpenBLAS's worker count. It is process-wide state (OpenBLAS has one thread pool), so the
   * neural models set it from {@code Training.threads()} when a fit starts.
   */
  public static void threads(int threads) {
    cblas_h.openblas_set_num_threads(threads);
  }
}
