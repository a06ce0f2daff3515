package dev.affinity.gpu.cpu;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register-blocked inner loop shared by every CPU twin: {@link #ROWS} rows of A times one
 * packed panel of {@link #width()} rows of B (see {@link Panels}), accumulated in registers over a
 * run of the shared dimension and written to a small tile of C.
 *
 * <p>Why one kernel for everything: similarity scores, item-item scores and the denoiser MLP's
 * layers are all {@code A · Bᵀ} with both operands stored row-major along the shared dimension, so
 * one well-tuned loop serves them all. Each output is a sequential chain of fused multiply-adds over
 * k = 0, 1, …, which is also how the CUDA kernels accumulate, so the CPU and CUDA paths agree to the
 * last bit on dot products.
 *
 * <p>The Vector API implementation is used when the {@code jdk.incubator.vector} module is in the
 * boot layer (start the JVM with {@code --add-modules jdk.incubator.vector}); otherwise a plain-Java
 * implementation that the JIT auto-vectorises is used, with the same results.
 */
public abstract class MicroKernel {
  /** Rows of A handled per call; A's row count must be padded to a multiple of this. */
  public static final int ROWS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(MicroKernel.class);
  private static final MicroKernel BEST = choose();

  MicroKernel() {}

  /** The fastest kernel available in this JVM (chosen once). */
  public static MicroKernel best() {
    return BEST;
  }

  /** The plain-Java kernel, whatever modules are present (for tests and comparisons). */
  public static MicroKernel scalar() {
    return new ScalarMicroKernel(16);
  }

  /** Panel width P: the number of B rows (columns of C) produced per call. */
  public abstract int width();

  /** A short name for logs and benchmark output. */
  public abstract String name();

  /**
   * C[r][p] (+)= Σ_{k<kLen} A[r][k] · panel[k][p] for r &lt; {@link #ROWS}, p &lt; {@link #width()}.
   *
   * @param a row-major A; row r of this block starts at {@code aOff + r * lda}
   * @param panel packed panel; element (k, p) is at {@code pOff + k * width() + p}
   * @param kLen length of the shared dimension to run over
   * @param c output; element (r, p) is at {@code cOff + r * ldc + p}
   * @param accumulate add to C's current values (continuing each fma chain) instead of starting at 0
   */
  public abstract void run(float[] a, int aOff, int lda, float[] panel, int pOff, int kLen,
      float[] c, int cOff, int ldc, boolean accumulate);

  /**
   * max over p &lt; {@link #width()} of {@code tile[off + p] * scale * (colScale == null ? 1 : colScale[col0 + p])},
   * computed left to right as the callers do; lets a top-k scan skip a whole row of a tile with one
   * comparison. {@code colScale} must hold {@code col0 + width()} values.
   */
  public abstract float maxScaled(float[] tile, int off, float scale, float[] colScale, int col0);

  private static MicroKernel choose() {
    boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (vectorModule) {
      try {
        MicroKernel k = VectorKernelLoader.load();
        LOG.info("CPU micro-kernel: {}", k.name());
        return k;
      } catch (LinkageError | RuntimeException e) {
        LOG.warn("Vector API kernel unavailable ({}); using plain Java loops", e.toString());
      }
    } else {
      LOG.info("CPU micro-kernel: plain Java (start the JVM with --add-modules jdk.incubator.vector for the Vector API kernel)");
    }
    return new ScalarMicroKernel(16);
  }
}
