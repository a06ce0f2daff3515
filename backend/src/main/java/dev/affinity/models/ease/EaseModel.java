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
  public void save(DataOutput out) throws IOException {
    out.writeUTF(Ease.NAME);
    data.write(out);
    Io.writeFloats(out, b);
  }
}
