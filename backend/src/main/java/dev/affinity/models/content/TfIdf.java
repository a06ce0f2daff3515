package dev.affinity.models.content;

import dev.affinity.models.Interactions;
import dev.affinity.models.ItemFeatures;
import java.util.HashMap;
import java.util.Map;

/**
 * L2-normalised TF-IDF vectors of the items of an interaction matrix, one sparse row per item
 * column: sub-linear term frequency {@code 1 + ln tf} (a word said ten times is not ten times as
 * telling), smoothed inverse document frequency {@code ln((1 + N) / (1 + df)) + 1} over the N
 * described items (no term gets weight 0 or divides by zero), and category terms scaled by
 * {@code categoryWeight}. Normalising makes the dot product of two rows their cosine, so long
 * descriptions do not outrank short ones.
 */
final class TfIdf {

  /**
   * Item vectors in CSR form over term ids; row {@code i} is item column {@code i} (empty for items
   * without a description).
   *
   * @param terms the vocabulary, sorted, indexed by term id
   */
  record Vectors(String[] terms, int[] rowPtr, int[] cols, float[] w) {
  }

  private TfIdf() {
  }

  static Vectors build(Interactions x, ItemFeatures features, ContentBased.Options o) {
    int n = x.numItems();
    Tokenizer tokenizer = new Tokenizer(o.minTokenLength());
    @SuppressWarnings("unchecked")
    Map<String, Integer>[] tf = new Map[n];
    Map<String, Integer> df = new HashMap<>();
    int described = 0;
    for (int i = 0; i < n; i++) {
      ItemFeatures.Item item = features.get(x.itemId(i));
      if (item == null) {
        continue;
      }
      described++;
      Map<String, Integer> counts = new HashMap<>();
      for (String w : tokenizer.words(item.text())) {
        counts.merge(w, 1, Integer::sum);
      }
      if (o.categoryWeight() > 0) {
        for (String c : item.categories()) {
          String t = Tokenizer.category(c);
          if (t != null) {
            counts.put(t, 1); // a label says the same however often it is repeated
          }
        }
      }
      for (String t : counts.keySet()) {
        df.merge(t, 1, Integer::sum);
      }
      tf[i] = counts;
    }
    double maxDocs = o.maxDf() * described;
    String[] terms = df.entrySet().stream()
        .filter(e -> e.getValue() >= o.minDf() && e.getValue() <= maxDocs)
        .map(Map.Entry::getKey).sorted().toArray(String[]::new);
    if (terms.length == 0) {
      throw new IllegalArgumentException("content: no term of the " + described
          + " described items occurs in at least minDf=" + o.minDf() + " and at most maxDf=" + o.maxDf()
          + " of them; lower minDf or raise maxDf");
    }
    Map<String, Integer> id = HashMap.newHashMap(terms.length);
    float[] idf = new float[terms.length];
    for (int t = 0; t < terms.length; t++) {
      id.put(terms[t], t);
      idf[t] = (float) (Math.log((1.0 + described) / (1.0 + df.get(terms[t]))) + 1);
    }
    int[] rowPtr = new int[n + 1];
    int[][] rowCols = new int[n][];
    float[][] rowW = new float[n][];
    for (int i = 0; i < n; i++) {
      long[] entries = tf[i] == null ? new long[0] : tf[i].entrySet().stream()
          .filter(e -> id.containsKey(e.getKey()))
          .mapToLong(e -> ((long) id.get(e.getKey()) << 32) | e.getValue()).sorted().toArray();
      rowCols[i] = new int[entries.length];
      rowW[i] = new float[entries.length];
      double norm = 0;
      for (int k = 0; k < entries.length; k++) {
        int t = (int) (entries[k] >>> 32);
        int count = (int) entries[k];
        double w = (1 + Math.log(count)) * idf[t] * (Tokenizer.isCategory(terms[t]) ? o.categoryWeight() : 1);
        rowCols[i][k] = t;
        rowW[i][k] = (float) w;
        norm += w * w;
      }
      if (norm > 0) {
        float inv = (float) (1 / Math.sqrt(norm));
        for (int k = 0; k < entries.length; k++) {
          rowW[i][k] *= inv;
        }
      }
      rowPtr[i + 1] = rowPtr[i] + entries.length;
    }
    int[] cols = new int[rowPtr[n]];
    float[] w = new float[rowPtr[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rowCols[i], 0, cols, rowPtr[i], rowCols[i].length);
      System.arraycopy(rowW[i], 0, w, rowPtr[i], rowW[i].length);
    }
    return new Vectors(terms, rowPtr, cols, w);
  }
}
