package dev.affinity.recommend.model;

import dev.affinity.recommend.ModelKind;
import java.util.Arrays;
import java.util.function.DoubleConsumer;

/**
 * Item-based k-nearest-neighbours: cosine similarity between the item columns of the user × item weight
 * matrix, shrunk towards zero for items with little support ({@code dot / (|a||b| + shrink)}), keeping
 * the top {@code k} neighbours per item. Only co-occurring pairs are ever touched: for item {@code a} it
 * walks the users of {@code a} and their items with one dense accumulator, so the cost is the sum over
 * users of their squared history length, not items². Popularity is kept alongside as the fallback.
 */
public final class ItemKnn {
  /** Shrinkage term: damps similarities backed by few co-occurrences. */
  public static final double DEFAULT_SHRINK = 10;
  /** Neighbours kept per item. */
  public static final int DEFAULT_NEIGHBOURS = 50;

  private ItemKnn() {
  }

  public static TrainedModel fit(Interactions x) {
    return fit(x, DEFAULT_SHRINK, DEFAULT_NEIGHBOURS, p -> { });
  }

  /**
   * Fits the model; {@code progress} receives the fraction of items done (0..1) about twenty times,
   * from the calling thread.
   */
  public static TrainedModel fit(Interactions x, double shrink, int k, DoubleConsumer progress) {
    int n = x.items();
    double[] norm = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int p = x.itemStart[i]; p < x.itemStart[i + 1]; p++) {
        s += (double) x.itemWeights[p] * x.itemWeights[p];
      }
      norm[i] = Math.sqrt(s);
    }
    double[] dot = new double[n];
    int[] stamp = new int[n];
    int[] touched = new int[n];
    int[] start = new int[n + 1];
    int[] nbr = new int[(int) Math.min((long) n * k, 1 << 20)];
    float[] sim = new float[nbr.length];
    int out = 0;
    TopK top = new TopK(k);
    int step = Math.max(1, n / 20);
    for (int a = 0; a < n; a++) {
      int touchedCount = 0;
      int mark = a + 1;
      for (int p = x.itemStart[a]; p < x.itemStart[a + 1]; p++) {
        int u = x.itemUsers[p];
        double wa = x.itemWeights[p];
        for (int q = x.userStart[u]; q < x.userStart[u + 1]; q++) {
          int b = x.userItems[q];
          if (b == a) {
            continue;
          }
          if (stamp[b] != mark) {
            stamp[b] = mark;
            dot[b] = 0;
            touched[touchedCount++] = b;
          }
          dot[b] += wa * x.userWeights[q];
        }
      }
      for (int t = 0; t < touchedCount; t++) {
        int b = touched[t];
        double s = dot[b] / (norm[a] * norm[b] + shrink);
        if (s > 0) {
          top.offer(b, (float) s);
        }
      }
      TopK.Ranked best = top.drain();
      if (out + best.size() > nbr.length) {
        int grown = (int) Math.min(Math.max((long) nbr.length * 2, out + best.size()), Integer.MAX_VALUE - 8);
        nbr = Arrays.copyOf(nbr, grown);
        sim = Arrays.copyOf(sim, grown);
      }
      System.arraycopy(best.items(), 0, nbr, out, best.size());
      System.arraycopy(best.scores(), 0, sim, out, best.size());
      out += best.size();
      start[a + 1] = out;
      if ((a + 1) % step == 0) {
        progress.accept((a + 1) / (double) n);
      }
    }
    int[] pop = Popularity.counts(x);
    return new TrainedModel(ModelKind.ITEM_KNN, x.itemIds, pop, Popularity.order(pop), start,
        Arrays.copyOf(nbr, out), Arrays.copyOf(sim, out));
  }
}
