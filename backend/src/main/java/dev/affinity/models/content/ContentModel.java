package dev.affinity.models.content;

import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Recommender;
import dev.affinity.models.TopK;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted content model: unit TF-IDF item vectors (CSR over term ids) and the vocabulary.
 * {@code score_ui = v_i · p_u / ‖p_u‖} with {@code p_u = Σ_j x_uj v_j}, i.e. the cosine of the item
 * to the user's profile, in [0, 1]; users without history (or whose items have no description)
 * score 0 everywhere. The vocabulary is kept so that a recommendation can be explained by its terms.
 */
final class ContentModel implements Recommender {

  private final Interactions data;
  private final String[] terms;
  private final int[] rowPtr;
  private final int[] cols;
  private final float[] w;

  ContentModel(Interactions data, String[] terms, int[] rowPtr, int[] cols, float[] w) {
    if (rowPtr.length != data.numItems() + 1 || cols.length != w.length || rowPtr[data.numItems()] != cols.length) {
      throw new IllegalArgumentException("content: item vectors do not match the data");
    }
    this.data = data;
    this.terms = terms;
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.w = w;
  }

  @Override
  public String name() {
    return ContentBased.NAME;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public void score(int u, float[] out) {
    scoreProfile(data.cols(), data.values(), data.rowStart(u), data.rowEnd(u), out);
  }

  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    scoreProfile(items, values, 0, items.length, out);
  }

  @Override
  public boolean scoresHistories() {
    return true;
  }

  /** Cosine of every item to the profile of {@code xc[from, to)} weighted by {@code xv}. */
  private void scoreProfile(int[] xc, float[] xv, int from, int to, float[] out) {
    int n = data.numItems();
    float[] profile = new float[terms.length];
    for (int p = from; p < to; p++) {
      int i = xc[p];
      for (int q = rowPtr[i]; q < rowPtr[i + 1]; q++) {
        profile[cols[q]] += xv[p] * w[q];
      }
    }
    double norm = 0;
    for (float x : profile) {
      norm += (double) x * x;
    }
    if (norm == 0) {
      Arrays.fill(out, 0, n, 0f);
      return;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < n; i++) {
      float s = 0;
      for (int q = rowPtr[i]; q < rowPtr[i + 1]; q++) {
        s += w[q] * profile[cols[q]];
      }
      out[i] = s * inv;
    }
  }

  /**
   * The {@code k} heaviest terms of item {@code i}, heaviest first: why the model thinks two items
   * alike. Category terms read {@code category:<label>}.
   */
  List<String> topTerms(int i, int k) {
    float[] weights = Arrays.copyOfRange(w, rowPtr[i], rowPtr[i + 1]);
    int[] top = TopK.select(weights, 0, weights.length, k);
    return Arrays.stream(top).mapToObj(q -> terms[cols[rowPtr[i] + q]]).toList();
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(ContentBased.NAME);
    data.write(out);
    out.writeInt(terms.length);
    for (String t : terms) {
      out.writeUTF(t);
    }
    Io.writeInts(out, rowPtr);
    Io.writeInts(out, cols);
    Io.writeFloats(out, w);
  }
}
