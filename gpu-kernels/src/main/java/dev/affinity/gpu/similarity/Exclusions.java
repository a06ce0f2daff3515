package dev.affinity.gpu.similarity;

import java.util.Arrays;

/**
 * A validated copy of a CSR exclusion list with each row's ids sorted, so that a scan visiting a
 * row's items in increasing order checks membership with a forward-moving cursor; only candidates
 * that already beat the current k-th score are ever looked up.
 */
final class Exclusions {
  static final Exclusions NONE = new Exclusions(null, null);

  private final int[] rowPtr;
  private final int[] ids;

  private Exclusions(int[] rowPtr, int[] ids) {
    this.rowPtr = rowPtr;
    this.ids = ids;
  }

  static Exclusions of(int b, int[] rowPtr, int[] ids) {
    if (rowPtr == null && ids == null) {
      return NONE;
    }
    if (rowPtr == null || ids == null) {
      throw new IllegalArgumentException("excludeRowPtr and excludeIds must both be null or both be set");
    }
    if (rowPtr.length != b + 1) {
      throw new IllegalArgumentException("excludeRowPtr has " + rowPtr.length + " entries, expected b+1=" + (b + 1));
    }
    if (rowPtr[0] != 0 || rowPtr[b] > ids.length) {
      throw new IllegalArgumentException("excludeRowPtr must start at 0 and end within excludeIds ("
          + ids.length + "), got " + rowPtr[0] + ".." + rowPtr[b]);
    }
    int[] sorted = Arrays.copyOf(ids, rowPtr[b]);
    for (int q = 0; q < b; q++) {
      if (rowPtr[q + 1] < rowPtr[q]) {
        throw new IllegalArgumentException("excludeRowPtr decreases at row " + q);
      }
      Arrays.sort(sorted, rowPtr[q], rowPtr[q + 1]);
    }
    return new Exclusions(rowPtr.clone(), sorted);
  }

  boolean isEmpty() {
    return rowPtr == null || rowPtr[rowPtr.length - 1] == 0;
  }

  /** Row pointers (b+1), or null when there are none. */
  int[] rowPtr() {
    return rowPtr;
  }

  /** Ids sorted within each row, or null when there are none. */
  int[] sortedIds() {
    return ids;
  }
}
