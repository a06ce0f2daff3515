package dev.affinity.models;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A model that scores by a sparse item×item weight matrix {@code W}: {@code score_u = x_u · W}.
 *
 * <p>Item-kNN and RP3beta differ only in how they build {@code W} (top-k neighbours per row), so
 * they share this scorer and its save format. Rows of {@code W} are stored CSR so scoring a user
 * streams the neighbour lists of the user's items.
 */
public final class ItemItemModel implements Recommender {

  private final String name;
  private final Interactions data;
  private final int[] rowPtr;
  private final int[] cols;
  private final float[] w;

  public ItemItemModel(String name, Interactions data, int[] rowPtr, int[] cols, float[] w) {
    this.name = name;
    this.data = data;
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.w = w;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Interactions data() {
    return data;
  }

  /** Neighbours of item {@code i} (indices), for inspection and "similar items". */
  public int[] neighbours(int i) {
    return java.util.Arrays.copyOfRange(cols, rowPtr[i], rowPtr[i + 1]);
  }

  /** The weights of item {@code i}'s neighbours, in the order of {@link #neighbours}. */
  public float[] weights(int i) {
    return java.util.Arrays.copyOfRange(w, rowPtr[i], rowPtr[i + 1]);
  }

  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    java.util.Arrays.fill(out, 0, data.numItems(), 0f);
    for (int h = 0; h < items.length; h++) {
      int i = items[h];
      float x = values[h];
      for (int q = rowPtr[i]; q < rowPtr[i + 1]; q++) {
        out[cols[q]] += x * w[q];
      }
    }
  }

  @Override
  public boolean scoresHistories() {
    return true;
  }

  @Override
  public void score(int u, float[] out) {
    java.util.Arrays.fill(out, 0, data.numItems(), 0f);
    int[] xc = data.cols();
    float[] xv = data.values();
    for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
      int i = xc[p];
      float x = xv[p];
      for (int q = rowPtr[i]; q < rowPtr[i + 1]; q++) {
        out[cols[q]] += x * w[q];
      }
    }
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(name);
    data.write(out);
    Io.writeInts(out, rowPtr);
    Io.writeInts(out, cols);
    Io.writeFloats(out, w);
  }

  /** Reads what {@link #save} wrote after the name tag. */
  public static ItemItemModel read(String name, DataInput in) throws IOException {
    return new ItemItemModel(name, Interactions.read(in), Io.readInts(in), Io.readInts(in),
        Io.readFloats(in));
  }
}
