package dev.affinity.gpu.cpu;

/** Indirection so that {@link VectorMicroKernel} (and the incubator module) is only linked on demand. */
final class VectorKernelLoader {
  private VectorKernelLoader() {}

  static MicroKernel load() {
    return new VectorMicroKernel();
  }
}
