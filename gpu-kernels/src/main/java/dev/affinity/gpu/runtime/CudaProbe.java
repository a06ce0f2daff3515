package dev.affinity.gpu.runtime;

import jcuda.driver.CUresult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out once per JVM whether CUDA can be used, and opens the device when it can. Why once:
 * JCuda loads its native library in a static initialiser, so only the first failure says why
 * (UnsatisfiedLinkError: libcuda.so.1 missing); later calls only get NoClassDefFoundError. Such
 * permanent failures (no driver, no device) are remembered; anything else is tried again on the
 * next selection.
 */
final class CudaProbe {
  private static final Logger LOG = LoggerFactory.getLogger(CudaProbe.class);
  /** System property that skips the self-test (the GPU test suite sets it to see every failure itself). */
  static final String SKIP_SELF_TEST = "affinity.gpu.skipSelfTest";
  private static String permanentFailure;

  private CudaProbe() {}

  /** Either an open, self-tested device or the reason there is none. */
  record Outcome(CudaDevice device, String reason) {}

  /** JCuda's message holds nested stack traces; keep the innermost loader error line. */
  static String summary(LinkageError e) {
    String message = String.valueOf(e.getMessage());
    String best = message.lines().findFirst().orElse(message);
    for (String line : message.lines().toList()) {
      if (line.startsWith("java.lang.UnsatisfiedLinkError: ")) {
        best = line.substring("java.lang.UnsatisfiedLinkError: ".length());
      }
    }
    return best;
  }

  static synchronized Outcome open() {
    if (permanentFailure != null) {
      return new Outcome(null, permanentFailure);
    }
    CudaDevice device;
    try {
      device = CudaDevice.open(0);
    } catch (LinkageError e) {
      permanentFailure = "no CUDA driver (" + summary(e) + ")";
      LOG.debug("CUDA probe", e);
      return new Outcome(null, permanentFailure);
    } catch (GpuException e) {
      String reason = e.code() == CUresult.CUDA_ERROR_NO_DEVICE ? "no CUDA device" : e.getMessage();
      if (e.code() == CUresult.CUDA_ERROR_NO_DEVICE) {
        permanentFailure = reason;
      }
      return new Outcome(null, reason);
    } catch (RuntimeException e) {
      return new Outcome(null, "CUDA initialisation failed: " + e);
    }
    if (Boolean.getBoolean(SKIP_SELF_TEST)) {
      LOG.warn("CUDA self-test skipped ({}=true)", SKIP_SELF_TEST);
      return new Outcome(device, null);
    }
    try {
      SelfTest.run(device);
      return new Outcome(device, null);
    } catch (RuntimeException | AssertionError e) {
      LOG.warn("CUDA self-test failed on {}", device.description(), e);
      device.close();
      return new Outcome(null, "CUDA self-test failed: " + e.getMessage());
    }
  }
}
