package dev.affinity.gpu.similarity;

import dev.affinity.gpu.runtime.CudaDevice;
import dev.affinity.gpu.runtime.DeviceBuffer;

/** One chunk's exclusion lists (rebased CSR, ids sorted per row) in device memory; null when empty. */
record ExclusionBuffers(DeviceBuffer rowPtr, DeviceBuffer ids) implements AutoCloseable {

  static ExclusionBuffers upload(CudaDevice device, Exclusions ex, int base, int rows) {
    int[] all = ex.rowPtr();
    if (all == null || all[base + rows] == all[base]) {
      return new ExclusionBuffers(null, null);
    }
    int[] ptr = new int[rows + 1];
    for (int r = 0; r <= rows; r++) {
      ptr[r] = all[base + r] - all[base];
    }
    int count = ptr[rows];
    int[] ids = new int[count];
    System.arraycopy(ex.sortedIds(), all[base], ids, 0, count);
    DeviceBuffer p = device.allocate(4L * (rows + 1)).upload(ptr, rows + 1);
    try {
      return new ExclusionBuffers(p, device.allocate(4L * count).upload(ids, count));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (rowPtr != null) {
      rowPtr.close();
    }
    if (ids != null) {
      ids.close();
    }
  }
}
