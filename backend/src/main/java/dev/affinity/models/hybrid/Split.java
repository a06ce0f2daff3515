package dev.affinity.models.hybrid;

import dev.affinity.models.Interactions;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The validation split that the blend weights are fitted on, made inside {@code fit} from the
 * training data alone (the caller's validation data stays unseen): a seeded random sample of users
 * with enough history each lend a random {@code fraction} of their items as targets; the sub-models
 * are fitted on everything else.
 *
 * <p>Optionally a random {@code coldFraction} of the items is made cold: all their interactions
 * leave the fitting part, and the sampled users' ones become targets. Without that, every target is
 * an item the sub-models have seen, so the search can never value what only a content model can
 * do — recommend items nobody has interacted with yet.
 *
 * @param fitting the training matrix without the held-out entries (same user and item indices)
 * @param users the sampled users that have targets, ascending
 * @param targets per sampled user, its held-out item indices, ascending
 */
record Split(Interactions fitting, int[] users, int[][] targets) {

  /** Users with fewer items keep them all: one held-out item of two says little and costs half. */
  static final int MIN_ITEMS = 5;

  static Split of(Interactions x, double fraction, double coldFraction, int maxUsers, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean[] cold = coldItems(x, coldFraction, rnd);
    int[] eligible = IntStream.range(0, x.numUsers()).filter(u -> x.rowSize(u) >= MIN_ITEMS).toArray();
    if (eligible.length == 0) {
      throw new IllegalArgumentException("hybrid: no user has " + MIN_ITEMS
          + " or more items to hold out for fitting the blend weights; give fixed weights=...");
    }
    shuffle(eligible, eligible.length, rnd); // the first maxUsers are a uniform sample
    int[] sample = Arrays.copyOf(eligible, Math.min(maxUsers, eligible.length));
    Arrays.sort(sample);
    boolean[] heldOut = new boolean[x.nnz()];
    for (int p = 0; p < heldOut.length; p++) {
      heldOut[p] = cold[x.cols()[p]];
    }
    int[] users = new int[sample.length];
    int[][] targets = new int[sample.length][];
    int kept = 0;
    for (int u : sample) {
      int[] warm = IntStream.range(x.rowStart(u), x.rowEnd(u)).filter(p -> !heldOut[p]).toArray();
      int take = warm.length < 2 ? 0 : Math.max(1, (int) Math.round(fraction * warm.length));
      shuffle(warm, take, rnd);
      for (int k = 0; k < take; k++) {
        heldOut[warm[k]] = true;
      }
      int[] t = IntStream.range(x.rowStart(u), x.rowEnd(u)).filter(p -> heldOut[p]).map(p -> x.cols()[p])
          .toArray();
      if (t.length > 0) {
        users[kept] = u;
        targets[kept++] = t; // rows are sorted by item, so t is too
      }
    }
    if (kept == 0) {
      throw new IllegalArgumentException("hybrid: the held-out split has no targets; raise holdout or give"
          + " fixed weights=...");
    }
    return new Split(x.filter(p -> !heldOut[p]), Arrays.copyOf(users, kept), Arrays.copyOf(targets, kept));
  }

  /** A random {@code coldFraction} (at least one, if > 0) of the items that have interactions. */
  private static boolean[] coldItems(Interactions x, double coldFraction, SplittableRandom rnd) {
    boolean[] cold = new boolean[x.numItems()];
    if (coldFraction <= 0) {
      return cold;
    }
    int[] counts = x.itemCounts();
    int[] warm = IntStream.range(0, x.numItems()).filter(i -> counts[i] > 0).toArray();
    int take = Math.max(1, (int) Math.round(coldFraction * warm.length));
    shuffle(warm, take, rnd);
    for (int k = 0; k < take; k++) {
      cold[warm[k]] = true;
    }
    return cold;
  }

  /** Partial Fisher–Yates: {@code a[0, k)} becomes a uniform random subset of {@code a}. */
  private static void shuffle(int[] a, int k, SplittableRandom rnd) {
    for (int i = 0; i < Math.min(k, a.length - 1); i++) {
      int j = i + rnd.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
