package dev.affinity.gpu.similarity;

import dev.affinity.gpu.runtime.CudaDevice;
import dev.affinity.gpu.runtime.DeviceBuffer;

/** Items (n×d) and their inverse norms resident in device memory until closed. */
final class CudaCatalogue implements SimilarityTopK.Catalogue {
  final CudaDevice device;
  final DeviceBuffer v;
  final DeviceBuffer vInv;
  final int n;
  final int d;
  private boolean closed;

  CudaCatalogue(CudaDevice device, DeviceBuffer v, DeviceBuffer vInv, int n, int d) {
    this.device = device;
    this.v = v;
    this.vInv = vInv;
    this.n = n;
    this.d = d;
  }

  /** Must be called on the CUDA thread. */
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
    device.call(() -> {
      if (!closed) {
        closed = true;
        v.close();
        vInv.close();
      }
      return null;
    });
  }
}
