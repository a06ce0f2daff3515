package dev.affinity.gpu.runtime;

/**
 * A CUDA driver call failed. Carries the driver's result code (see {@code jcuda.driver.CUresult})
 * so callers can tell out-of-memory ({@link #isOutOfMemory()}) from a broken device.
 */
public class GpuException extends RuntimeException {
  /** CUDA_ERROR_OUT_OF_MEMORY. */
  public static final int OUT_OF_MEMORY = 2;
  /** CUDA_ERROR_UNSUPPORTED_PTX_VERSION. */
  public static final int UNSUPPORTED_PTX_VERSION = 222;

  private final int code;

  public GpuException(String message, int code) {
    super(message);
    this.code = code;
  }

  public GpuException(String message, Throwable cause) {
    super(message, cause);
    this.code = -1;
  }

  /** The CUresult code, or -1 when the failure did not come from a driver call. */
  public int code() {
    return code;
  }

  public boolean isOutOfMemory() {
    return code == OUT_OF_MEMORY;
  }
}
