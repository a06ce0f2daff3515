package dev.affinity.recommend.model;

import dev.affinity.recommend.ModelKind;
import java.util.Arrays;

/**
 * The popularity recommender: an item's score is the number of distinct users with a positive
 * interaction with it. It is the cold-start list for unknown users, the fallback that fills short
 * personalised lists, and the baseline every other model's offline metrics are compared against.
 */
public final class Popularity {
  private Popularity() {
  }

  /** A popularity-only model. */
  public static TrainedModel fit(Interactions x) {
    int n = x.items();
    int[] pop = counts(x);
    return new TrainedModel(ModelKind.POPULARITY, x.itemIds, pop, order(pop), new int[n + 1], new int[0],
        new float[0]);
  }

  static int[] counts(Interactions x) {
    int[] pop = new int[x.items()];
    for (int i = 0; i < pop.length; i++) {
      pop[i] = x.usersOf(i);
    }
    return pop;
  }

  /** Items with a positive count, most popular first, ties by index (= id order). */
  static int[] order(int[] pop) {
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
