package dev.affinity.models.popularity;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Most-popular items for everyone: the baseline every personalised model must clearly beat, and
 * the fallback for users with no history.
 */
public final class Popularity implements Algorithm<Popularity.Options> {

  public static final String NAME = "popularity";

  /** Popularity has nothing to learn; the record exists so all algorithms look the same. */
  public record Options() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    new Params(NAME, params).checkNoneLeft();
    return new Options();
  }

  @Override
  public Recommender fit(Interactions data, Options options, Training training) {
    int[] c = data.itemCounts();
    float[] s = new float[c.length];
    for (int i = 0; i < c.length; i++) {
      s[i] = c[i];
    }
    training.progress().update("popularity", 1.0);
    return new Model(data, s);
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    return new Model(Interactions.read(in), Io.readFloats(in));
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(Map.of());
  }

  /** Scores are the items' training counts. */
  record Model(Interactions data, float[] counts) implements Recommender {

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void score(int u, float[] out) {
      System.arraycopy(counts, 0, out, 0, counts.length);
    }

    @Override
    public void scoreHistory(int[] items, float[] values, float[] out) {
      System.arraycopy(counts, 0, out, 0, counts.length);
    }

    @Override
    public boolean scoresHistories() {
      return true;
    }

    @Override
    public void save(DataOutput out) throws IOException {
      out.writeUTF(NAME);
      data.write(out);
      Io.writeFloats(out, counts);
    }
  }
}
