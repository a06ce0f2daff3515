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
 */
public final class InteractionsBuilder {
  private final Map<String, Integer> users = new HashMap<>();
  private final Map<String, Integer> items = new HashMap<>();
  private int[] u = new int[1024];
  private int[] i = new int[1024];
  private float[] w = new float[1024];
  private int n;

  public InteractionsBuilder add(String user, String item, double weight) {
    if (n == u.length) {
      u = Arrays.copyOf(u, n * 2);
      i = Arrays.copyOf(i, n * 2);
      w = Arrays.copyOf(w, n * 2);
    }
    u[n] = users.computeIfAbsent(user, k -> users.size());
    i[n] = items.computeIfAbsent(item, k -> items.size());
    w[n] = (float) weight;
    n++;
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
    long[] cells = new long[n];
    int[] fill = Arrays.copyOf(start, userIds.length);
    for (int k = 0; k < n; k++) {
      cells[fill[userRank[u[k]]]++] = ((long) itemRank[i[k]] << 32) | (Float.floatToRawIntBits(w[k]) & 0xffffffffL);
    }
    int[] rowStart = new int[userIds.length + 1];
    int[] rowItems = new int[n];
    float[] rowWeights = new float[n];
    int out = 0;
    for (int r = 0; r < userIds.length; r++) {
      Arrays.sort(cells, start[r], start[r + 1]);
      int p = start[r];
      while (p < start[r + 1]) {
        int item = (int) (cells[p] >>> 32);
        double sum = 0;
        while (p < start[r + 1] && (int) (cells[p] >>> 32) == item) {
          sum += Float.intBitsToFloat((int) cells[p]);
          p++;
        }
        if (sum > 0) {
          rowItems[out] = item;
          rowWeights[out] = (float) sum;
          out++;
        }
      }
      rowStart[r + 1] = out;
    }
    return compact(userIds, itemIds, rowStart, Arrays.copyOf(rowItems, out), Arrays.copyOf(rowWeights, out));
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
