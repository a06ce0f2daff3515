package dev.affinity.gpu.cpu;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register-blocked inner loop shared by every CPU twin: one group of {@link #ROWS} rows of A
 * (packed, see {@link RowGroups}) times one packed panel of {@link #width()} rows of B (see
 * {@link Panels}), accumulated in registers over a run of the shared dimension and written to a
 * small tile of C.
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
  /**
   * Rows of A handled per call; A's row count must be padded to a multiple of this. Eight rows ×
   * two vectors is 16 independent fma chains: on AVX-512 (2 fma ports, 4 cycles latency) that is
   * twice the minimum needed to keep both ports busy, with 32 registers to hold them.
   */
  public static final int ROWS = 8;

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
   * @param a A packed by {@link RowGroups}; element (r, k) of this group is at {@code aOff + k * ROWS + r}
   * @param panel packed panel; element (k, p) is at {@code pOff + k * width() + p}
   * @param kLen length of the shared dimension to run over
   * @param c output; element (r, p) is at {@code cOff + r * ldc + p}
   * @param accumulate add to C's current values (continuing each fma chain) instead of starting at 0
   */
  public abstract void run(float[] a, int aOff, float[] panel, int pOff, int kLen,
      float[] c, int cOff, int ldc, boolean accumulate);

  /**
   * A bit mask of the columns p &lt; {@link #width()} of one tile row whose score
   * {@code tile[off + p] * scale * colScale[col0 + p]} (just {@code tile[off + p]} when
   * {@code colScale} is null), computed left to right as the callers do, is at least
   * {@code threshold}; NaN never sets a bit. Lets a top-k scan reject a whole tile row with one
   * vector compare and then visit only the columns that can enter. Why not a row maximum: Java's
   * NaN- and signed-zero-exact float max makes a vector max reduction several times dearer than a
   * compare. {@link #width()} is at most 64; {@code colScale} must hold {@code col0 + width()} values.
   */
  public abstract long atLeast(float[] tile, int off, float scale, float[] colScale, int col0, float threshold);

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
