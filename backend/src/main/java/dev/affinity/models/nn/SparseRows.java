package dev.affinity.models.nn;

/**
 * A mini-batch of sparse input rows in CSR form (row r is {@code cols/vals[ptr[r], ptr[r+1])}):
 * interaction rows are ~2% dense, so the first layer of an autoencoder is far cheaper as a sum of
 * the weight rows of the few present items than as a dense product.
 */
public record SparseRows(int rows, int[] ptr, int[] cols, float[] vals) {

  public SparseRows {
    if (ptr.length < rows + 1 || ptr[rows] > cols.length || cols.length != vals.length) {
      throw new IllegalArgumentException("inconsistent sparse rows");
    }
  }
}
