package dev.affinity.gpu.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.affinity.gpu.runtime.GpuRuntime;
import dev.affinity.gpu.runtime.GpuUnavailableException;

/**
 * Shared CUDA runtime for the tests tagged {@code gpu}. Without a usable device they are skipped
 * (JUnit assumption), unless {@code AFFINITY_GPU_TESTS=require} is set — as ops/gpu/run-on-device.sh
 * does on the GPU machine — in which case a missing device fails them loudly.
 */
public final class GpuTestSupport {
  private static GpuRuntime runtime;
  private static String reason;

  private GpuTestSupport() {}

  /** The CUDA runtime, or a skipped test. */
  public static synchronized GpuRuntime cuda() {
    if (runtime == null && reason == null) {
      try {
        runtime = GpuRuntime.select(GpuRuntime.Mode.ON);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
      } catch (GpuUnavailableException e) {
        reason = e.getMessage();
      }
    }
    if (runtime == null) {
      if ("require".equals(System.getenv("AFFINITY_GPU_TESTS"))) {
        fail("AFFINITY_GPU_TESTS=require but " + reason);
      }
      assumeTrue(false, reason);
    }
    return runtime;
  }
}
