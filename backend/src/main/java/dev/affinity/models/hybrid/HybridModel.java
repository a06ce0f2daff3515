package dev.affinity.models.hybrid;

import dev.affinity.models.Interactions;
import dev.affinity.models.Models;
import dev.affinity.models.Recommender;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fitted blend: {@code score_u = Σ_m w_m · norm(score_u of model m)}, every sub-model fitted on
 * the same training matrix. Sub-models whose weight came out 0 are not kept. Saving writes the
 * weights and every sub-model in its own format, so a loaded blend scores identically.
 */
final class HybridModel implements Recommender {

  private final Normalisation norm;
  private final List<Recommender> parts;
  private final float[] weights;

  HybridModel(Normalisation norm, List<Recommender> parts, float[] weights) {
    if (parts.isEmpty() || parts.size() != weights.length) {
      throw new IllegalArgumentException("hybrid: one weight per sub-model needed");
    }
    Interactions x = parts.get(0).data();
    for (Recommender p : parts) {
      if (p.data().numItems() != x.numItems() || p.data().numUsers() != x.numUsers()) {
        throw new IllegalArgumentException("hybrid: sub-models were fitted on different data");
      }
    }
    this.norm = norm;
    this.parts = List.copyOf(parts);
    this.weights = weights.clone();
  }

  @Override
  public String name() {
    return Hybrid.NAME;
  }

  @Override
  public Interactions data() {
    return parts.get(0).data();
  }

  /** Sub-model names, in blend order. */
  List<String> models() {
    return parts.stream().map(Recommender::name).toList();
  }

  /** Blend weights (sum 1), in the order of {@link #models()}. */
  float[] weights() {
    return weights.clone();
  }

  @Override
  public void score(int u, float[] out) {
    scoreBatch(new int[] {u}, out);
  }

  /** Each sub-model scores the whole batch its fastest way, then rows are normalised and added. */
  @Override
  public void scoreBatch(int[] users, float[] out) {
    Interactions x = data();
    int n = x.numItems();
    java.util.Arrays.fill(out, 0, users.length * n, 0f);
    float[] buf = new float[users.length * n];
    for (int m = 0; m < parts.size(); m++) {
      parts.get(m).scoreBatch(users, buf);
      float w = weights[m];
      for (int b = 0; b < users.length; b++) {
        int off = b * n;
        norm.apply(buf, off, n, x.cols(), x.rowStart(users[b]), x.rowEnd(users[b]));
        for (int i = 0; i < n; i++) {
          out[off + i] += w * buf[off + i];
        }
      }
    }
  }

  /**
   * The blend of the parts' fold-in scores, normalised over the items outside {@code items} exactly
   * as {@link #scoreBatch} normalises over the items outside a training row.
   */
  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    int n = data().numItems();
    int[] masked = java.util.Arrays.stream(items).sorted().toArray();
    java.util.Arrays.fill(out, 0, n, 0f);
    float[] buf = new float[n];
    for (int m = 0; m < parts.size(); m++) {
      parts.get(m).scoreHistory(items, values, buf);
      norm.apply(buf, 0, n, masked, 0, masked.length);
      float w = weights[m];
      for (int i = 0; i < n; i++) {
        out[i] += w * buf[i];
      }
    }
  }

  @Override
  public boolean scoresHistories() {
    return parts.stream().allMatch(Recommender::scoresHistories);
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(Hybrid.NAME);
    out.writeUTF(norm.key());
    out.writeInt(parts.size());
    for (int m = 0; m < parts.size(); m++) {
      out.writeFloat(weights[m]);
      Models.save(parts.get(m), out);
    }
  }

  /** Reads what {@link #save} wrote after the name tag. */
  static HybridModel read(DataInput in) throws IOException {
    Normalisation norm;
    try {
      norm = Normalisation.of(in.readUTF());
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt hybrid model: " + e.getMessage(), e);
    }
    int m = in.readInt();
    if (m < 1) {
      throw new IOException("corrupt hybrid model: " + m + " sub-models");
    }
    List<Recommender> parts = new ArrayList<>();
    float[] weights = new float[m];
    for (int k = 0; k < m; k++) {
      weights[k] = in.readFloat();
      parts.add(Models.load(in));
    }
    return new HybridModel(norm, parts, weights);
  }
}
