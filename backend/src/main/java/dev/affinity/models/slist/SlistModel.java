package dev.affinity.models.slist;

import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Recommender;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A fitted {@link Slist}: {@code score = Σ_h r(age_h)·v_h·H[item_h] + Σ_h c(age_h)·v_h·T[item_h]}
 * over the user's history, with H the (scaled) EDLAE rows, T the (scaled) transition rows, r and c
 * the recency and context weights of {@link Slist.Options}, v the interaction weights.
 */
final class SlistModel implements Recommender {
  /** Training users whose scores set each part's scale (evenly spaced over the users). */
  private static final int SCALE_SAMPLE = 512;

  private final Interactions data;
  private final Slist.Options options;
  private final float[] history;
  private final float[] transition;

  SlistModel(Interactions data, Slist.Options options, float[] history, float[] transition) {
    long n2 = (long) data.numItems() * data.numItems();
    if (history.length != n2 || transition.length != n2) {
      throw new IllegalArgumentException("slist: matrices are not n×n");
    }
    this.data = data;
    this.options = options;
    this.history = history;
    this.transition = transition;
  }

  /**
   * The same model with each part divided by the standard deviation of its scores on a sample of
   * training users and weighted by the blend, so neither part dominates by scale alone.
   */
  SlistModel blended() {
    double sdHistory = scoreDeviation(history, true);
    double sdTransition = scoreDeviation(transition, false);
    double wt = options.transitionWeight();
    return new SlistModel(data, options, scaled(history, (1 - wt) / sdHistory),
        scaled(transition, wt / sdTransition));
  }

  private double scoreDeviation(float[] matrix, boolean wholeHistory) {
    int n = data.numItems();
    int users = data.numUsers();
    int step = Math.max(1, users / SCALE_SAMPLE);
    float[] out = new float[n];
    double sum = 0;
    double sumSq = 0;
    long count = 0;
    for (int u = 0; u < users; u += step) {
      int[] pos = data.chronological(u);
      int[] items = new int[pos.length];
      float[] vals = new float[pos.length];
      for (int h = 0; h < pos.length; h++) {
        items[h] = data.cols()[pos[h]];
        vals[h] = data.values()[pos[h]];
      }
      Arrays.fill(out, 0f);
      accumulate(matrix, items, vals, wholeHistory, out);
      for (float s : out) {
        sum += s;
        sumSq += (double) s * s;
      }
      count += n;
    }
    double mean = count == 0 ? 0 : sum / count;
    double sd = count == 0 ? 0 : Math.sqrt(Math.max(0, sumSq / count - mean * mean));
    return sd > 0 && Double.isFinite(sd) ? sd : 1;
  }

  private static float[] scaled(float[] m, double factor) {
    float[] out = new float[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = (float) (m[i] * factor);
    }
    return out;
  }

  /** Adds one part's rows for a history given oldest first. */
  private void accumulate(float[] matrix, int[] items, float[] values, boolean wholeHistory, float[] out) {
    int n = data.numItems();
    int len = items.length;
    for (int h = 0; h < len; h++) {
      int age = len - 1 - h;
      double w = wholeHistory ? options.recencyWeight(age) : options.contextWeight(age);
      if (w == 0) {
        continue;
      }
      float x = (float) (w * values[h]);
      int base = items[h] * n;
      for (int j = 0; j < n; j++) {
        out[j] += x * matrix[base + j];
      }
    }
  }

  @Override
  public String name() {
    return Slist.NAME;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public void score(int u, float[] out) {
    int[] pos = data.chronological(u);
    int[] items = new int[pos.length];
    float[] vals = new float[pos.length];
    for (int h = 0; h < pos.length; h++) {
      items[h] = data.cols()[pos[h]];
      vals[h] = data.values()[pos[h]];
    }
    scoreHistory(items, vals, out);
  }

  /** {@code items} oldest first, as {@link Recommender#scoreHistory} specifies. */
  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    Arrays.fill(out, 0, data.numItems(), 0f);
    accumulate(history, items, values, true, out);
    accumulate(transition, items, values, false, out);
  }

  @Override
  public boolean scoresHistories() {
    return true;
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(Slist.NAME);
    data.write(out);
    int[] ages = new int[data.nnz()];
    for (int p = 0; p < ages.length; p++) {
      ages[p] = data.age(p);
    }
    Io.writeInts(out, ages);
    Slist.Options o = options;
    out.writeDouble(o.lambda());
    out.writeDouble(o.dropout());
    out.writeDouble(o.recencyDecay());
    out.writeDouble(o.recencyFloor());
    out.writeDouble(o.transitionLambda());
    out.writeInt(o.context());
    out.writeInt(o.horizon());
    out.writeDouble(o.transitionDecay());
    out.writeInt(o.stride());
    out.writeDouble(o.transitionWeight());
    out.writeInt(o.maxItems());
    Io.writeFloats(out, history);
    Io.writeFloats(out, transition);
  }
}
