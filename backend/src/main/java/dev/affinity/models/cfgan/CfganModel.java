package dev.affinity.models.cfgan;

import dev.affinity.models.Interactions;
import dev.affinity.models.Recommender;
import dev.affinity.models.nn.SparseRows;
import java.io.DataOutput;
import java.io.IOException;

/** A fitted CFGAN: a user's scores are the generator's purchase vector r̂_u for c_u. */
final class CfganModel implements Recommender {

  private final Interactions data;
  private final Generator generator;

  CfganModel(Interactions data, Generator generator) {
    if (generator.items() != data.numItems()) {
      throw new IllegalArgumentException("generator has " + generator.items() + " items, data "
          + data.numItems());
    }
    this.data = data;
    this.generator = generator;
  }

  @Override
  public String name() {
    return Cfgan.NAME;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public void score(int u, float[] out) {
    scoreBatch(new int[] {u}, out);
  }

  @Override
  public void scoreBatch(int[] users, float[] out) {
    float[] hidden = new float[users.length * generator.g1.out()];
    generator.generate(Generator.condition(data, users, 0, users.length), hidden, out, 1);
  }

  /** The generator conditioned on the history, as for a training row. */
  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    float[] hidden = new float[generator.g1.out()];
    generator.generate(new SparseRows(1, new int[] {0, items.length}, items.clone(), values.clone()), hidden, out, 1);
  }

  @Override
  public boolean scoresHistories() {
    return true;
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(Cfgan.NAME);
    data.write(out);
    generator.write(out);
  }
}
