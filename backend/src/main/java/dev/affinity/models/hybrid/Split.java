package dev.affinity.models.hybrid;

import dev.affinity.models.Interactions;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The validation split that the blend weights are fitted on, made inside {@code fit} from the
 * training data alone (the caller's validation data stays unseen): a seeded random sample of users
 * with enough history each lend a random {@code fraction} of their items as targets; the sub-models
 * are fitted on everything else.
 *
 * @param fitting the training matrix without the held-out entries (same user and item indices)
 * @param users the sampled users, ascending
 * @param targets per sampled user, its held-out item indices
 */
record Split(Interactions fitting, int[] users, int[][] targets) {

  /** Users with fewer items keep them all: one held-out item of two says little and costs half. */
  static final int MIN_ITEMS = 5;

  static Split of(Interactions x, double fraction, int maxUsers, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] eligible = java.util.stream.IntStream.range(0, x.numUsers())
        .filter(u -> x.rowSize(u) >= MIN_ITEMS).toArray();
    if (eligible.length == 0) {
      throw new IllegalArgumentException("hybrid: no user has " + MIN_ITEMS
          + " or more items to hold out for fitting the blend weights; give fixed weights=...");
    }
    for (int k = eligible.length - 1; k > 0; k--) { // Fisher–Yates: the first maxUsers are a sample
      int j = rnd.nextInt(k + 1);
      int t = eligible[k];
      eligible[k] = eligible[j];
      eligible[j] = t;
    }
    int[] users = Arrays.copyOf(eligible, Math.min(maxUsers, eligible.length));
    Arrays.sort(users);
    boolean[] heldOut = new boolean[x.nnz()];
    int[][] targets = new int[users.length][];
    for (int s = 0; s < users.length; s++) {
      int u = users[s];
      int size = x.rowSize(u);
      int take = Math.max(1, (int) Math.round(fraction * size));
      int[] pos = java.util.stream.IntStream.range(x.rowStart(u), x.rowEnd(u)).toArray();
      for (int k = 0; k < take; k++) { // partial Fisher–Yates: pos[0, take) is a random subset
        int j = k + rnd.nextInt(size - k);
        int t = pos[k];
        pos[k] = pos[j];
        pos[j] = t;
        heldOut[pos[k]] = true;
      }
      targets[s] = new int[take];
      for (int k = 0; k < take; k++) {
        targets[s][k] = x.cols()[pos[k]];
      }
      Arrays.sort(targets[s]);
    }
    return new Split(x.filter(p -> !heldOut[p]), users, targets);
  }
}
