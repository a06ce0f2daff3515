package dev.affinity.gpu.similarity;

import dev.affinity.gpu.cpu.Panels;

/** Items packed for the CPU micro-kernel, with their inverse norms (for cosine) computed at load. */
final class CpuCatalogue implements SimilarityTopK.Catalogue {
  final Panels panels;
  final int n;
  final int d;
  private final float[] inverseNorms;
  private volatile boolean closed;

  CpuCatalogue(Panels panels, float[] source, int n, int d) {
    this.panels = panels;
    this.n = n;
    this.d = d;
    float[] inv = Norms.inverse(source, n, d);
    this.inverseNorms = java.util.Arrays.copyOf(inv, panels.paddedRows()); // padded for whole-panel vector reads
  }

  /** Inverse norms, zero-padded to whole panels. */
  float[] inverseNorms() {
    return inverseNorms;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("catalogue is closed");
    }
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public int dimension() {
    return d;
  }

  @Override
  public void close() {
    closed = true;
  }
}
