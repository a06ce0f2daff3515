package dev.affinity.gpu.bench;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import smile.linalg.blas.cblas_h;

/**
 * The baseline of {@link CpuKernelsBenchmark}: OpenBLAS's SGEMM through Smile's jextract'd CBLAS
 * binding (the same native path the backend's models use), plus what is needed to prove which
 * library actually ran. Why prove it: Smile resolves {@code libopenblas.so} through the dynamic
 * loader, and a reference BLAS or another build behind the same name would make every ratio
 * meaningless, so the benchmark reports OpenBLAS's own build string, its core and thread count, and
 * the shared object mapped into this process.
 *
 * <p>Only the benchmark loads this class; Smile is a {@code provided} dependency of this module.
 */
final class OpenBlas {
  private OpenBlas() {}

  /** Sets OpenBLAS's thread count (its pthread pool; the twins use their own ForkJoinPool). */
  static void threads(int threads) {
    cblas_h.openblas_set_num_threads(threads);
  }

  /** Threads OpenBLAS will use. */
  static int threads() {
    return cblas_h.openblas_get_num_threads();
  }

  /** OpenBLAS's build configuration, e.g. {@code OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64}. */
  static String config() {
    return cblas_h.openblas_get_config().reinterpret(512).getString(0).trim();
  }

  /** The kernel set OpenBLAS picked for this CPU (DYNAMIC_ARCH builds choose at load). */
  static String coreName() {
    return cblas_h.openblas_get_corename().reinterpret(128).getString(0).trim();
  }

  /** The BLAS shared objects mapped into this process (from /proc/self/maps), or why unknown. */
  static String mappedLibraries() {
    try {
      return Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(file -> file.contains("blas") && file.contains(".so"))
          .distinct()
          .collect(Collectors.joining(", "));
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  /**
   * Row-major {@code C (m×n) = A (m×k) · Bᵀ} with B stored n×k row-major: the layout of queries
   * times items and of activations times a PyTorch-layout weight matrix.
   */
  static void sgemmAbt(int m, int n, int k, MemorySegment a, int lda, MemorySegment b, int ldb,
      MemorySegment c, int ldc) {
    cblas_h.cblas_sgemm(cblas_h.CblasRowMajor(), cblas_h.CblasNoTrans(), cblas_h.CblasTrans(), m, n, k,
        1f, a, lda, b, ldb, 0f, c, ldc);
  }
}
