package dev.affinity.recommend.model;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Per-user scoring on a {@link TrainedModel}, shared by serving and offline evaluation so the metrics
 * measure exactly what is served. Neighbour models cost O(history × neighbours) with one small
 * open-addressing table sized from the history, never an array over all items, so they stay cheap on
 * the event loop; dense models score every item and must be called off it.
 */
public final class Scoring {
  private Scoring() {
  }

  /**
   * The personal candidates of a user with this history: neighbour sums or the dense scorer's fold-in,
   * whichever the model has; empty for popularity models and empty histories.
   */
  public static TopK.Ranked personal(TrainedModel m, int[] history, float[] weights, IntPredicate skip, int k) {
    if (history.length == 0 || k <= 0) {
      return TopK.Ranked.EMPTY;
    }
    return m.dense() ? dense(m, history, weights, skip, k) : knn(m, history, weights, skip, k);
  }

  /** The dense scorer's best {@code k} items for which {@code skip} is false. Not for the event loop. */
  static TopK.Ranked dense(TrainedModel m, int[] history, float[] weights, IntPredicate skip, int k) {
    float[] scores = new float[m.items()];
    m.scorer.scoreHistory(history, weights, scores);
    TopK top = new TopK(k);
    for (int i = 0; i < scores.length; i++) {
      if (!skip.test(i) && !Float.isNaN(scores[i])) {
        top.offer(i, scores[i]);
      }
    }
    return top.drain();
  }

  /**
   * Item-kNN candidates: each item's score is the sum over the user's history of
   * {@code weight × similarity}; items for which {@code skip} is true are left out. Best {@code k} first.
   */
  public static TopK.Ranked knn(TrainedModel m, int[] history, float[] weights, IntPredicate skip, int k) {
    int entries = 0;
    for (int h : history) {
      entries += m.neighbourCount(h);
    }
    if (entries == 0 || k <= 0) {
      return TopK.Ranked.EMPTY;
    }
    int capacity = Integer.highestOneBit(Math.max(4, entries * 2 - 1)) << 1;
    int mask = capacity - 1;
    int[] keys = new int[capacity];
    float[] sums = new float[capacity];
    Arrays.fill(keys, -1);
    for (int h = 0; h < history.length; h++) {
      int item = history[h];
      float w = weights[h];
      for (int p = m.neighbourStart[item]; p < m.neighbourStart[item + 1]; p++) {
        int b = m.neighbours[p];
        int hash = b * 0x9E3779B9;
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (keys[slot] != -1 && keys[slot] != b) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = b;
        sums[slot] += w * m.similarities[p];
      }
    }
    TopK top = new TopK(k);
    for (int s = 0; s < capacity; s++) {
      if (keys[s] != -1 && !skip.test(keys[s])) {
        top.offer(keys[s], sums[s]);
      }
    }
    return top.drain();
  }

  /** The {@code k} most popular items for which {@code skip} is false, scored by their user counts. */
  public static TopK.Ranked popular(TrainedModel m, IntPredicate skip, int k) {
    int[] items = new int[Math.max(0, Math.min(k, m.popularOrder.length))];
    float[] scores = new float[items.length];
    int n = 0;
    for (int r = 0; r < m.popularOrder.length && n < items.length; r++) {
      int i = m.popularOrder[r];
      if (!skip.test(i)) {
        items[n] = i;
        scores[n] = m.popularity[i];
        n++;
      }
    }
    return new TopK.Ranked(Arrays.copyOf(items, n), Arrays.copyOf(scores, n));
  }
}
