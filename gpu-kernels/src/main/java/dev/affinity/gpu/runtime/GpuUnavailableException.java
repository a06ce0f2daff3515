package dev.affinity.gpu.runtime;

/**
 * {@code AFFINITY_GPU=on} was asked for but no usable CUDA device was found; the message says why
 * (no driver, no device, a driver too old for the PTX, a failed self-test).
 */
public final class GpuUnavailableException extends RuntimeException {
  public GpuUnavailableException(String message) {
    super(message);
  }
}
