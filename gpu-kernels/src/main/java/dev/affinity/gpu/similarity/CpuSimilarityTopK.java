package dev.affinity.gpu.similarity;

import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.cpu.Panels;
import dev.affinity.gpu.cpu.Parallel;
import dev.affinity.gpu.cpu.RowGroups;
import java.util.concurrent.ForkJoinPool;

/**
 * CPU twin of the fused similarity top-k kernel. Items are packed once per catalogue into panels,
 * queries once per call into row groups; each task scores a block of queries against a slice of
 * the items with the register-blocked {@link MicroKernel}, a cache-sized chunk of panels at a time,
 * and feeds the scores straight into per-query {@link TopKSelector}s (a partial selection: one
 * vector compare against the current k-th score rejects a whole tile row, and only the columns
 * that pass are visited), so the b×n score matrix is never materialised here either. Slices are
 * merged per query at the end.
 */
public final class CpuSimilarityTopK implements SimilarityTopK {
  static final int QUERY_BLOCK = 64;
  static final int CHUNK_PANELS = 8;
  private static final int MIN_PANELS_PER_SLICE = 8;

  private final ForkJoinPool pool;
  private final MicroKernel kernel;

  /** Uses {@link Parallel#defaultPool()} and the best micro-kernel of this JVM. */
  public CpuSimilarityTopK() {
    this(Parallel.defaultPool(), MicroKernel.best());
  }

  /** Uses the given pool and micro-kernel (tests compare kernels; servers may isolate pools). */
  public CpuSimilarityTopK(ForkJoinPool pool, MicroKernel kernel) {
    this.pool = pool;
    this.kernel = kernel;
  }

  @Override
  public String name() {
    return "CPU (" + kernel.name() + ", " + pool.getParallelism() + " threads)";
  }

  @Override
  public Catalogue load(float[] items, int n, int d) {
    Shapes.checkMatrix("items", items, n, d);
    return new CpuCatalogue(Panels.pack(items, n, d, d, 0, kernel.width()), items, n, d);
  }

  @Override
  public TopKResult topK(float[] queries, int b, Catalogue items, int k, Metric metric,
      int[] excludeRowPtr, int[] excludeIds) {
    Shapes.checkQuery(queries, b, items, k, metric);
    if (!(items instanceof CpuCatalogue cat) || cat.panels.width() != kernel.width()) {
      throw new IllegalArgumentException("catalogue was not loaded by this implementation");
    }
    cat.checkOpen();
    Exclusions ex = Exclusions.of(b, excludeRowPtr, excludeIds);
    if (b == 0) {
      return new TopKResult(0, k, new int[0], new float[0]);
    }
    int n = cat.n;
    int d = cat.d;
    if (n == 0) {
      return TopKResult.padding(b, k);
    }
    int rowsPadded = RowGroups.groups(b) * MicroKernel.ROWS;
    float[] q = RowGroups.pack(queries, b, d, d);
    float[] qInv = metric == Metric.COSINE ? Norms.inverse(queries, b, d) : null;
    float[] vInv = metric == Metric.COSINE ? cat.inverseNorms() : null;

    int qBlocks = (rowsPadded + QUERY_BLOCK - 1) / QUERY_BLOCK;
    int panels = cat.panels.panels();
    int wanted = Math.max(1, (4 * pool.getParallelism() + qBlocks - 1) / qBlocks);
    int slices = Math.max(1, Math.min(wanted, panels / MIN_PANELS_PER_SLICE));
    int panelsPerSlice = (panels + slices - 1) / slices;
    slices = (panels + panelsPerSlice - 1) / panelsPerSlice;
    TopKSelector[][] partial = new TopKSelector[slices][b];
    Scan scan = new Scan(q, b, d, n, k, cat.panels, qInv, vInv, ex);
    final int sliceCount = slices;
    Parallel.forEach(pool, qBlocks * slices, t -> {
      int qb = t / sliceCount;
      int slice = t % sliceCount;
      int rowFrom = qb * QUERY_BLOCK;
      int rowTo = Math.min(rowsPadded, rowFrom + QUERY_BLOCK);
      int pFrom = slice * panelsPerSlice;
      int pTo = Math.min(panels, pFrom + panelsPerSlice);
      scan.run(rowFrom, rowTo, pFrom, pTo, partial[slice]);
    });

    int[] ids = new int[b * k];
    float[] scores = new float[b * k];
    Parallel.forEach(pool, qBlocks, qb -> {
      for (int row = qb * QUERY_BLOCK; row < Math.min(b, (qb + 1) * QUERY_BLOCK); row++) {
        TopKSelector merged = partial[0][row];
        for (int s = 1; s < sliceCount; s++) {
          merged.offerAll(partial[s][row]);
        }
        merged.writeSorted(ids, scores, row);
      }
    });
    return new TopKResult(b, k, ids, scores);
  }

  /** One task's work: a block of query rows against a range of panels. */
  private final class Scan {
    private final float[] q;
    private final int b;
    private final int d;
    private final int n;
    private final int k;
    private final Panels panels;
    private final float[] qInv;
    private final float[] vInv;
    private final int[] exRowPtr;
    private final int[] exIds;

    Scan(float[] q, int b, int d, int n, int k, Panels panels, float[] qInv, float[] vInv, Exclusions ex) {
      this.q = q;
      this.b = b;
      this.d = d;
      this.n = n;
      this.k = k;
      this.panels = panels;
      this.qInv = qInv;
      this.vInv = vInv;
      this.exRowPtr = ex.isEmpty() ? null : ex.rowPtr();
      this.exIds = ex.isEmpty() ? null : ex.sortedIds();
    }

    void run(int rowFrom, int rowTo, int pFrom, int pTo, TopKSelector[] selectors) {
      int w = panels.width();
      float[] tile = new float[MicroKernel.ROWS * w];
      float[] data = panels.data();
      int[] exCursor = new int[rowTo - rowFrom];
      for (int row = rowFrom; row < Math.min(rowTo, b); row++) {
        selectors[row] = new TopKSelector(k);
        exCursor[row - rowFrom] = exRowPtr == null ? 0 : exRowPtr[row];
      }
      for (int c0 = pFrom; c0 < pTo; c0 += CHUNK_PANELS) {
        int c1 = Math.min(pTo, c0 + CHUNK_PANELS);
        for (int r0 = rowFrom; r0 < rowTo && r0 < b; r0 += MicroKernel.ROWS) {
          int aOff = RowGroups.offset(r0 / MicroKernel.ROWS, d, 0);
          for (int p = c0; p < c1; p++) {
            kernel.run(q, aOff, data, panels.offset(p, 0), d, tile, 0, w, false);
            collect(tile, r0, p * w, selectors, exCursor, rowFrom);
          }
        }
      }
    }

    /**
     * The columns of a tile, as bits, that {@code row} excludes among items [item0, item0 + width).
     * Items reach a row of a task in increasing order, so a cursor into the row's sorted
     * exclusions replaces a binary search; it is only consulted for tile rows with candidates.
     */
    private long excludedColumns(int row, int item0, int[] exCursor, int rowFrom) {
      if (exIds == null) {
        return 0;
      }
      int end = exRowPtr[row + 1];
      int c = exCursor[row - rowFrom];
      while (c < end && exIds[c] < item0) {
        c++;
      }
      exCursor[row - rowFrom] = c;
      int item1 = item0 + panels.width();
      long bits = 0;
      for (int e = c; e < end && exIds[e] < item1; e++) {
        bits |= 1L << (exIds[e] - item0);
      }
      return bits;
    }

    private void collect(float[] tile, int r0, int item0, TopKSelector[] selectors, int[] exCursor, int rowFrom) {
      int w = panels.width();
      int cols = Math.min(w, n - item0);
      long colMask = cols == 64 ? -1L : (1L << cols) - 1;
      for (int r = 0; r < MicroKernel.ROWS; r++) {
        int row = r0 + r;
        if (row >= b) {
          return;
        }
        TopKSelector selector = selectors[row];
        float qi = qInv == null ? 1f : qInv[row];
        long candidates = kernel.atLeast(tile, r * w, qi, vInv, item0, selector.threshold()) & colMask;
        if (candidates == 0) {
          continue; // the common case: nothing in this tile row can enter
        }
        candidates &= ~excludedColumns(row, item0, exCursor, rowFrom);
        int base = r * w;
        while (candidates != 0) {
          int p = Long.numberOfTrailingZeros(candidates);
          candidates &= candidates - 1;
          float s = tile[base + p];
          if (vInv != null) {
            s = s * qi * vInv[item0 + p]; // the same products atLeast compared
          }
          selector.append(s, item0 + p);
        }
        selector.flush();
      }
    }
  }
}
