package dev.affinity.models.ease;

import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Recommender;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A fitted EASE: {@code score_u = x_u · B} with B dense row-major, so scoring a user adds the
 * contiguous rows of B of the user's items (streaming, vectorisable).
 */
final class EaseModel implements Recommender {

  private final Interactions data;
  private final float[] b;

  EaseModel(Interactions data, float[] b) {
    if (b.length != (long) data.numItems() * data.numItems()) {
      throw new IllegalArgumentException("B is not n×n");
    }
    this.data = data;
    this.b = b;
  }

  @Override
  public String name() {
    return Ease.NAME;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public void score(int u, float[] out) {
    int n = data.numItems();
    Arrays.fill(out, 0, n, 0f);
    int[] cols = data.cols();
    float[] vals = data.values();
    for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
      int base = cols[p] * n;
      float x = vals[p];
      for (int j = 0; j < n; j++) {
        out[j] += x * b[base + j];
      }
    }
  }

  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    int n = data.numItems();
    Arrays.fill(out, 0, n, 0f);
    for (int h = 0; h < items.length; h++) {
      int base = items[h] * n;
      float x = values[h];
      for (int j = 0; j < n; j++) {
        out[j] += x * b[base + j];
      }
    }
  }

  @Override
  public boolean scoresHistories() {
    return true;
  }

  /**
   * Item-major: each row of B that the batch needs is read once and added to every user of the
   * batch who has that item, instead of streaming B once per user (B rarely fits in cache).
   */
  @Override
  public void scoreBatch(int[] users, float[] out) {
    int n = data.numItems();
    Arrays.fill(out, 0, users.length * n, 0f);
    int total = 0;
    for (int u : users) {
      total += data.rowSize(u);
    }
    // (item << 32 | position in X's arrays) sorted by item; batch slot found by position range
    long[] keys = new long[total];
    int[] slotOf = new int[total];
    int t = 0;
    for (int slot = 0; slot < users.length; slot++) {
      for (int p = data.rowStart(users[slot]); p < data.rowEnd(users[slot]); p++) {
        slotOf[t] = slot;
        keys[t] = ((long) data.cols()[p] << 32) | t;
        t++;
      }
    }
    Arrays.sort(keys);
    float[] values = data.values();
    for (long key : keys) {
      int item = (int) (key >>> 32);
      int k = (int) key;
      int slot = slotOf[k];
      float x = values[positionOf(users[slot], item)];
      int base = item * n;
      int off = slot * n;
      for (int j = 0; j < n; j++) {
        out[off + j] += x * b[base + j];
      }
    }
  }

  private int positionOf(int u, int item) {
    return Arrays.binarySearch(data.cols(), data.rowStart(u), data.rowEnd(u), item);
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(Ease.NAME);
    data.write(out);
    Io.writeFloats(out, b);
  }
}
