package dev.affinity.models;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Collects weighted (user, item, weight) triples — the service's events after {@code EventWeights} —
 * into an {@link Interactions}: repeated pairs are summed, pairs whose sum is not positive dropped
 * (a dislike can cancel a view), users and items left without a positive pair dropped. Ids are
 * sorted, so indices and every tie broken by index follow id order and training is deterministic
 * whatever order the rows arrived in.
 *
 * <p>Rows added with a time make a matrix that knows each user's item order
 * ({@link Interactions#withRecency}): a pair's time is the latest of its rows' times.
 */
public final class InteractionsBuilder {
  private final Map<String, Integer> users = new HashMap<>();
  private final Map<String, Integer> items = new HashMap<>();
  private int[] u = new int[1024];
  private int[] i = new int[1024];
  private float[] w = new float[1024];
  private long[] t = new long[1024];
  private boolean timed;
  private int n;

  public InteractionsBuilder add(String user, String item, double weight) {
    if (n == u.length) {
      u = Arrays.copyOf(u, n * 2);
      i = Arrays.copyOf(i, n * 2);
      w = Arrays.copyOf(w, n * 2);
      t = Arrays.copyOf(t, n * 2);
    }
    u[n] = users.computeIfAbsent(user, k -> users.size());
    i[n] = items.computeIfAbsent(item, k -> items.size());
    w[n] = (float) weight;
    t[n] = Long.MIN_VALUE;
    n++;
    return this;
  }

  /** A row with the time (any monotone clock, e.g. epoch microseconds) of its interaction. */
  public InteractionsBuilder add(String user, String item, double weight, long time) {
    add(user, item, weight);
    t[n - 1] = time;
    timed = true;
    return this;
  }

  public Interactions build() {
    String[] userIds = sortedKeys(users);
    String[] itemIds = sortedKeys(items);
    int[] userRank = ranks(users, userIds);
    int[] itemRank = ranks(items, itemIds);
    // counting sort by user, then sort each row by item and merge repeated pairs
    int[] start = new int[userIds.length + 1];
    for (int k = 0; k < n; k++) {
      start[userRank[u[k]] + 1]++;
    }
    for (int k = 0; k < userIds.length; k++) {
      start[k + 1] += start[k];
    }
    // (item << 32 | row number), so sorting groups each user's rows by item
    long[] cells = new long[n];
    int[] fill = Arrays.copyOf(start, userIds.length);
    for (int k = 0; k < n; k++) {
      cells[fill[userRank[u[k]]]++] = ((long) itemRank[i[k]] << 32) | k;
    }
    int[] rowStart = new int[userIds.length + 1];
    int[] rowItems = new int[n];
    float[] rowWeights = new float[n];
    long[] rowTimes = new long[n];
    int out = 0;
    for (int r = 0; r < userIds.length; r++) {
      Arrays.sort(cells, start[r], start[r + 1]);
      int p = start[r];
      while (p < start[r + 1]) {
        int item = (int) (cells[p] >>> 32);
        double sum = 0;
        long latest = Long.MIN_VALUE;
        while (p < start[r + 1] && (int) (cells[p] >>> 32) == item) {
          int k = (int) cells[p];
          sum += w[k];
          latest = Math.max(latest, t[k]);
          p++;
        }
        if (sum > 0) {
          rowItems[out] = item;
          rowWeights[out] = (float) sum;
          rowTimes[out] = latest;
          out++;
        }
      }
      rowStart[r + 1] = out;
    }
    Interactions x = compact(userIds, itemIds, rowStart, Arrays.copyOf(rowItems, out), Arrays.copyOf(rowWeights, out));
    return timed ? x.withRecency(Interactions.agesFromTimes(rowStart(x), x.cols(), Arrays.copyOf(rowTimes, out)))
        : x;
  }

  private static int[] rowStart(Interactions x) {
    int[] ptr = new int[x.numUsers() + 1];
    for (int r = 0; r < x.numUsers(); r++) {
      ptr[r + 1] = x.rowEnd(r);
    }
    return ptr;
  }

  /** Drops users and items left without any positive pair; order-preserving, so rows stay sorted. */
  private static Interactions compact(String[] userIds, String[] itemIds, int[] rowStart, int[] rowItems,
      float[] rowWeights) {
    boolean[] used = new boolean[itemIds.length];
    for (int item : rowItems) {
      used[item] = true;
    }
    int[] itemMap = new int[itemIds.length];
    int kept = 0;
    for (int k = 0; k < itemIds.length; k++) {
      itemMap[k] = used[k] ? kept++ : -1;
    }
    String[] keptItems = new String[kept];
    for (int k = 0; k < itemIds.length; k++) {
      if (used[k]) {
        keptItems[itemMap[k]] = itemIds[k];
      }
    }
    for (int p = 0; p < rowItems.length; p++) {
      rowItems[p] = itemMap[rowItems[p]];
    }
    int keptUsers = 0;
    for (int r = 0; r < userIds.length; r++) {
      if (rowStart[r + 1] > rowStart[r]) {
        keptUsers++;
      }
    }
    String[] userOut = new String[keptUsers];
    int[] startOut = new int[keptUsers + 1];
    int k = 0;
    for (int r = 0; r < userIds.length; r++) {
      if (rowStart[r + 1] > rowStart[r]) {
        userOut[k] = userIds[r];
        startOut[k + 1] = rowStart[r + 1];
        k++;
      }
    }
    return Interactions.weighted(userOut, keptItems, startOut, rowItems, rowWeights);
  }

  private static String[] sortedKeys(Map<String, Integer> ids) {
    String[] keys = ids.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    return keys;
  }

  private static int[] ranks(Map<String, Integer> ids, String[] sorted) {
    int[] rank = new int[sorted.length];
    for (int r = 0; r < sorted.length; r++) {
      rank[ids.get(sorted[r])] = r;
    }
    return rank;
  }
}
