package dev.affinity.gpu.similarity;

import dev.affinity.gpu.runtime.CudaDevice;
import dev.affinity.gpu.runtime.DeviceBuffer;

/**
 * The fused CUDA similarity top-k ({@code src/main/cuda/similarity_topk.cu}). Catalogues stay
 * resident in device memory; each call uploads the queries and exclusions, launches
 * {@code sim_topk_partial} over (query tiles × item slices) and {@code topk_merge}, and downloads
 * only b×k ids and scores. Queries are processed in chunks so the per-slice k-lists stay within
 * {@link #SCRATCH_BYTES}. All driver work runs on the device's CUDA thread.
 */
public final class CudaSimilarityTopK implements SimilarityTopK {
  static final int BQ = 64;
  static final int BN = 64;
  static final int BK = 32;
  static final int VS_STRIDE = BN + 4;
  static final long SCRATCH_BYTES = 512L << 20;
  private static final int MIN_TILES_PER_SLICE = 4;

  private final CudaDevice device;

  public CudaSimilarityTopK(CudaDevice device) {
    this.device = device;
  }

  @Override
  public String name() {
    return "CUDA fused top-k on " + device.name();
  }

  /** Dynamic shared memory of one block for dimension d (see the kernel's layout). */
  static int sharedBytes(int d) {
    int dPad = (d + BK - 1) / BK * BK;
    return 4 * (dPad * BQ + BK * VS_STRIDE + 2 * BQ * BN + 4 * BQ);
  }

  /** The largest dimension whose query tile fits in the device's shared memory. */
  public int maxDimension() {
    int d = BK;
    while (sharedBytes(d + BK) <= device.sharedMemoryOptIn()) {
      d += BK;
    }
    return d;
  }

  @Override
  public Catalogue load(float[] items, int n, int d) {
    Shapes.checkMatrix("items", items, n, d);
    if (d > maxDimension()) {
      throw new IllegalArgumentException("d=" + d + " exceeds the CUDA kernel's limit of " + maxDimension()
          + " on " + device.name() + "; use the CPU implementation");
    }
    float[] inv = Norms.inverse(items, n, d);
    return device.call(() -> {
      DeviceBuffer v = device.allocate(4L * n * d);
      try {
        v.upload(items, n * d);
        DeviceBuffer vInv = device.allocate(4L * n).upload(inv, n);
        return new CudaCatalogue(device, v, vInv, n, d);
      } catch (RuntimeException e) {
        v.close();
        throw e;
      }
    });
  }

  @Override
  public TopKResult topK(float[] queries, int b, Catalogue items, int k, Metric metric,
      int[] excludeRowPtr, int[] excludeIds) {
    Shapes.checkQuery(queries, b, items, k, metric);
    if (!(items instanceof CudaCatalogue cat) || cat.device != device) {
      throw new IllegalArgumentException("catalogue was not loaded by this implementation");
    }
    Exclusions ex = Exclusions.of(b, excludeRowPtr, excludeIds);
    if (b == 0) {
      return new TopKResult(0, k, new int[0], new float[0]);
    }
    if (cat.n == 0) {
      return TopKResult.padding(b, k);
    }
    int d = cat.d;
    float[] qInv = metric == Metric.COSINE ? Norms.inverse(queries, b, d) : null;
    int[] ids = new int[b * k];
    float[] scores = new float[b * k];
    int chunk = chunkRows(b, cat.n, k);
    for (int from = 0; from < b; from += chunk) {
      int rows = Math.min(chunk, b - from);
      final int base = from;
      device.call(() -> {
        cat.checkOpen();
        runChunk(queries, base, rows, cat, k, qInv, ex, ids, scores);
        return null;
      });
    }
    return new TopKResult(b, k, ids, scores);
  }

  private int slices(int rows, int n) {
    int qTiles = (rows + BQ - 1) / BQ;
    int target = 4 * device.multiprocessors();
    int maxSlices = Math.max(1, (n + BN * MIN_TILES_PER_SLICE - 1) / (BN * MIN_TILES_PER_SLICE));
    return Math.max(1, Math.min(maxSlices, (target + qTiles - 1) / qTiles));
  }

  private int chunkRows(int b, int n, int k) {
    int rows = b;
    while (rows > BQ && (long) rows * slices(rows, n) * k * 8 > SCRATCH_BYTES) {
      rows = (rows + 1) / 2;
    }
    return rows;
  }

  private void runChunk(float[] queries, int base, int rows, CudaCatalogue cat, int k, float[] qInv,
      Exclusions ex, int[] ids, float[] scores) {
    int n = cat.n;
    int d = cat.d;
    int slices = slices(rows, n);
    int itemsPerSlice = ((n + slices - 1) / slices + BN - 1) / BN * BN;
    slices = (n + itemsPerSlice - 1) / itemsPerSlice;
    float[] q = new float[rows * d];
    System.arraycopy(queries, base * d, q, 0, rows * d);
    long entries = (long) rows * slices * k;
    try (DeviceBuffer qBuf = device.allocate(4L * rows * d).upload(q, rows * d);
        DeviceBuffer qInvBuf = qInv == null ? null : device.allocate(4L * rows).upload(slice(qInv, base, rows), rows);
        ExclusionBuffers exBuf = ExclusionBuffers.upload(device, ex, base, rows);
        DeviceBuffer partS = device.allocate(4 * entries);
        DeviceBuffer partI = device.allocate(4 * entries);
        DeviceBuffer outS = device.allocate(4L * rows * k);
        DeviceBuffer outI = device.allocate(4L * rows * k)) {
      int dPad = (d + BK - 1) / BK * BK;
      device.launch("sim_topk_partial", (rows + BQ - 1) / BQ, slices, 256, sharedBytes(d),
          qBuf, rows, cat.v, n, d, dPad, qInvBuf, qInvBuf == null ? null : cat.vInv,
          exBuf.rowPtr(), exBuf.ids(), k, itemsPerSlice, slices, partS, partI);
      device.launch("topk_merge", (rows + 3) / 4, 1, 128, 0, partS, partI, rows, slices, k, outS, outI);
      device.synchronize();
      float[] s = new float[rows * k];
      int[] i = new int[rows * k];
      outS.download(s, rows * k);
      outI.download(i, rows * k);
      System.arraycopy(s, 0, scores, base * k, rows * k);
      System.arraycopy(i, 0, ids, base * k, rows * k);
    }
  }

  private static float[] slice(float[] a, int from, int count) {
    float[] out = new float[count];
    System.arraycopy(a, from, out, 0, count);
    return out;
  }
}
