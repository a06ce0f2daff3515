package dev.affinity.recommend.model;

import dev.affinity.models.Interactions;
import dev.affinity.models.ItemItemModel;
import dev.affinity.models.Recommender;
import dev.affinity.recommend.ModelKind;
import java.util.Arrays;

/**
 * Turns a model fitted by the {@code dev.affinity.models} library into the {@link TrainedModel} the
 * service serves: the popularity ranking always (cold-start users and the fill of short lists), then
 * the personal part by what the model is — item-item models become neighbour lists scored sparsely,
 * every other model is kept whole as a dense scorer that folds a user's current history in.
 */
public final class ServedModels {
  private ServedModels() {
  }

  /**
   * The served form of {@code fitted}, in the item order of its training matrix. Fails for a model
   * that can neither give neighbour lists nor fold a history in.
   */
  public static TrainedModel from(ModelKind kind, Recommender fitted) {
    Interactions x = fitted.data();
    int n = x.numItems();
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = x.itemId(i);
    }
    int[] pop = x.itemCounts();
    int[] order = popularOrder(pop);
    if (kind.isPopularity()) {
      return new TrainedModel(kind, ids, pop, order, new int[n + 1], new int[0], new float[0], null);
    }
    if (fitted instanceof ItemItemModel graph) {
      return neighbours(kind, ids, pop, order, graph);
    }
    if (!fitted.scoresHistories()) {
      throw new IllegalArgumentException("model '" + kind.wireName()
          + "' cannot score a user's new history, so the service cannot serve it");
    }
    return new TrainedModel(kind, ids, pop, order, new int[n + 1], new int[0], new float[0], fitted);
  }

  /** Each item's neighbours best first (ties by index), as serving and "similar items" read them. */
  private static TrainedModel neighbours(ModelKind kind, String[] ids, int[] pop, int[] order, ItemItemModel g) {
    int n = ids.length;
    int[] start = new int[n + 1];
    int[][] rows = new int[n][];
    float[][] weights = new float[n][];
    for (int i = 0; i < n; i++) {
      int[] nb = g.neighbours(i);
      float[] w = g.weights(i);
      TopK top = new TopK(nb.length);
      for (int q = 0; q < nb.length; q++) {
        top.offer(nb[q], w[q]);
      }
      TopK.Ranked r = top.drain();
      rows[i] = r.items();
      weights[i] = r.scores();
      start[i + 1] = start[i] + r.size();
    }
    int[] nbr = new int[start[n]];
    float[] sim = new float[start[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], 0, nbr, start[i], rows[i].length);
      System.arraycopy(weights[i], 0, sim, start[i], weights[i].length);
    }
    return new TrainedModel(kind, ids, pop, order, start, nbr, sim, null);
  }

  /** Items with a positive count, most popular first, ties by index (= id order). */
  static int[] popularOrder(int[] pop) {
    int ranked = 0;
    for (int c : pop) {
      if (c > 0) {
        ranked++;
      }
    }
    long[] keys = new long[ranked];
    int k = 0;
    for (int i = 0; i < pop.length; i++) {
      if (pop[i] > 0) {
        keys[k++] = ((long) (Integer.MAX_VALUE - pop[i]) << 32) | i;
      }
    }
    Arrays.sort(keys);
    int[] order = new int[ranked];
    for (int r = 0; r < ranked; r++) {
      order[r] = (int) keys[r];
    }
    return order;
  }
}
