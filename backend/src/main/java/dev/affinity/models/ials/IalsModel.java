package dev.affinity.models.ials;

import dev.affinity.models.Blas1;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Recommender;
import java.io.DataOutput;
import java.io.IOException;

/** A fitted iALS: {@code score_ui = U_u · V_i}, user and item factors row-major with f columns. */
final class IalsModel implements Recommender {

  private final Interactions data;
  private final int f;
  private final float[] u;
  private final float[] v;

  IalsModel(Interactions data, int f, float[] u, float[] v) {
    if (u.length != data.numUsers() * f || v.length != data.numItems() * f) {
      throw new IllegalArgumentException("factor matrices do not match the data");
    }
    this.data = data;
    this.f = f;
    this.u = u;
    this.v = v;
  }

  @Override
  public String name() {
    return Ials.NAME;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public void score(int user, float[] out) {
    int uo = user * f;
    int n = data.numItems();
    for (int i = 0; i < n; i++) {
      out[i] = Blas1.dot(u, uo, v, i * f, f);
    }
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(Ials.NAME);
    data.write(out);
    out.writeInt(f);
    Io.writeFloats(out, u);
    Io.writeFloats(out, v);
  }
}
