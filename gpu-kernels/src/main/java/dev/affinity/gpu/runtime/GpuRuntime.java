package dev.affinity.gpu.runtime;

import dev.affinity.gpu.diffusion.CpuDiffusionSampler;
import dev.affinity.gpu.diffusion.CudaDiffusionSampler;
import dev.affinity.gpu.diffusion.DiffusionSampler;
import dev.affinity.gpu.itemitem.ItemItemTopK;
import dev.affinity.gpu.itemitem.SimilarityItemItemTopK;
import dev.affinity.gpu.similarity.CpuSimilarityTopK;
import dev.affinity.gpu.similarity.CudaSimilarityTopK;
import dev.affinity.gpu.similarity.SimilarityTopK;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, once, whether the kernels run on CUDA or on their CPU twins, and hands out the chosen
 * implementations. Why a single owner: there is one CUDA context per process and it must be
 * closed deterministically; the rest of the service only sees the interfaces and
 * {@link #description()} (for the log and {@code /health/ready}).
 *
 * <p>{@code AFFINITY_GPU=auto} (default) uses CUDA when a device is usable and the CPU otherwise;
 * {@code on} fails with {@link GpuUnavailableException} when it is not; {@code off} never touches
 * CUDA. Usable means: JCuda and libcuda load, a device exists, the PTX loads (nvcc 13's PTX needs
 * a CUDA 13 driver), and a small self-test agrees with the CPU twins.
 */
public final class GpuRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GpuRuntime.class);

  /** The value of {@code AFFINITY_GPU}. */
  public enum Mode {
    AUTO,
    ON,
    OFF;

    /** Parses auto|on|off (any case); null or blank means AUTO. */
    public static Mode parse(String value) {
      if (value == null || value.isBlank()) {
        return AUTO;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "auto" -> AUTO;
        case "on" -> ON;
        case "off" -> OFF;
        default -> throw new IllegalArgumentException("AFFINITY_GPU must be auto, on or off, not '" + value + "'");
      };
    }
  }

  private final CudaDevice device;
  private final String description;
  private final SimilarityTopK similarity;
  private final DiffusionSampler diffusion;

  private GpuRuntime(CudaDevice device, String description) {
    this.device = device;
    this.description = description;
    this.similarity = device == null ? new CpuSimilarityTopK() : new CudaSimilarityTopK(device);
    this.diffusion = device == null ? new CpuDiffusionSampler() : new CudaDiffusionSampler(device);
  }

  /** Selects according to the {@code AFFINITY_GPU} environment variable. */
  public static GpuRuntime fromEnvironment() {
    return select(Mode.parse(System.getenv("AFFINITY_GPU")));
  }

  /** Selects the CUDA or the CPU path; see the type's javadoc. */
  public static GpuRuntime select(Mode mode) {
    if (mode == Mode.OFF) {
      return cpu("CPU: disabled by AFFINITY_GPU=off");
    }
    CudaProbe.Outcome outcome = CudaProbe.open();
    if (outcome.device() != null) {
      String d = "CUDA: " + outcome.device().description();
      LOG.info("GPU kernels: using {}", d);
      return new GpuRuntime(outcome.device(), d);
    }
    if (mode == Mode.ON) {
      throw new GpuUnavailableException("AFFINITY_GPU=on but CUDA is not usable: " + outcome.reason());
    }
    return cpu("CPU: " + outcome.reason());
  }

  private static GpuRuntime cpu(String description) {
    LOG.info("GPU kernels: using {}", description);
    return new GpuRuntime(null, description);
  }

  /** True when the kernels run on a CUDA device. */
  public boolean cudaActive() {
    return device != null;
  }

  /** The device ("CUDA: NVIDIA H200 (...)") or "CPU: &lt;why&gt;". */
  public String description() {
    return description;
  }

  /** Batched similarity top-k on the selected path. */
  public SimilarityTopK similarity() {
    return similarity;
  }

  /** Item-item neighbours on the selected path. */
  public ItemItemTopK itemItem() {
    return new SimilarityItemItemTopK(similarity);
  }

  /** DiffRec sampling on the selected path. */
  public DiffusionSampler diffusion() {
    return diffusion;
  }

  /** The CUDA device when {@link #cudaActive()}, for benchmarks and diagnostics; null on the CPU path. */
  public CudaDevice device() {
    return device;
  }

  /** Frees the CUDA context (and all device memory with it); nothing to do on the CPU path. */
  @Override
  public void close() {
    if (device != null) {
      device.close();
    }
  }

  @Override
  public String toString() {
    return "GpuRuntime[" + description + "]";
  }
}
