package dev.affinity.gpu.runtime;

/**
 * The CUDA work queue stayed full for longer than the caller may wait: the device is saturated.
 * Serving code should shed load (HTTP 503) rather than queue without bound.
 */
public final class GpuBusyException extends GpuException {
  public GpuBusyException(String message) {
    super(message, -1);
  }
}
