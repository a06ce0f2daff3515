package dev.affinity.recommend.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The sparse user × item weight matrix a model is fitted on, stored both by user (CSR) and by item
 * (CSC) so that item-kNN can walk "items of the users of this item" without hashing. Ids are sorted,
 * so indices (and every tie broken by index) follow id order and training is deterministic. Only
 * positive summed weights are kept. Immutable.
 */
public final class Interactions {
  final String[] userIds;
  final String[] itemIds;
  final int[] userStart;
  final int[] userItems;
  final float[] userWeights;
  final int[] itemStart;
  final int[] itemUsers;
  final float[] itemWeights;

  private Interactions(String[] userIds, String[] itemIds, int[] userStart, int[] userItems, float[] userWeights) {
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.userStart = userStart;
    this.userItems = userItems;
    this.userWeights = userWeights;
    int n = itemIds.length;
    itemStart = new int[n + 1];
    for (int i : userItems) {
      itemStart[i + 1]++;
    }
    for (int i = 0; i < n; i++) {
      itemStart[i + 1] += itemStart[i];
    }
    itemUsers = new int[userItems.length];
    itemWeights = new float[userItems.length];
    int[] fill = Arrays.copyOf(itemStart, n);
    for (int u = 0; u < userIds.length; u++) {
      for (int p = userStart[u]; p < userStart[u + 1]; p++) {
        int at = fill[userItems[p]]++;
        itemUsers[at] = u;
        itemWeights[at] = userWeights[p];
      }
    }
  }

  public int users() {
    return userIds.length;
  }

  public int items() {
    return itemIds.length;
  }

  /** Number of stored (user, item) pairs. */
  public int nonZeros() {
    return userItems.length;
  }

  /** Index of the user, or -1 when the user has no positive pair. */
  public int userIndex(String id) {
    int at = Arrays.binarySearch(userIds, id);
    return at < 0 ? -1 : at;
  }

  public String userId(int u) {
    return userIds[u];
  }

  public String itemId(int i) {
    return itemIds[i];
  }

  /** The item indices of user {@code u}, ascending. */
  public int[] itemsOf(int u) {
    return Arrays.copyOfRange(userItems, userStart[u], userStart[u + 1]);
  }

  /** The weights of user {@code u}, aligned with {@link #itemsOf}. */
  public float[] weightsOf(int u) {
    return Arrays.copyOfRange(userWeights, userStart[u], userStart[u + 1]);
  }

  /** Number of users with a positive interaction with item {@code i}. */
  public int usersOf(int i) {
    return itemStart[i + 1] - itemStart[i];
  }

  /** Collects (user, item, weight) triples; repeated pairs are summed, non-positive sums dropped. */
  public static final class Builder {
    private final Map<String, Integer> users = new HashMap<>();
    private final Map<String, Integer> items = new HashMap<>();
    private int[] u = new int[1024];
    private int[] i = new int[1024];
    private float[] w = new float[1024];
    private int n;

    public Builder add(String user, String item, double weight) {
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
      int items = 0;
      for (int k = 0; k < itemIds.length; k++) {
        itemMap[k] = used[k] ? items++ : -1;
      }
      String[] keptItems = new String[items];
      for (int k = 0; k < itemIds.length; k++) {
        if (used[k]) {
          keptItems[itemMap[k]] = itemIds[k];
        }
      }
      for (int p = 0; p < rowItems.length; p++) {
        rowItems[p] = itemMap[rowItems[p]];
      }
      int users = 0;
      for (int r = 0; r < userIds.length; r++) {
        if (rowStart[r + 1] > rowStart[r]) {
          users++;
        }
      }
      String[] keptUsers = new String[users];
      int[] keptStart = new int[users + 1];
      int k = 0;
      for (int r = 0; r < userIds.length; r++) {
        if (rowStart[r + 1] > rowStart[r]) {
          keptUsers[k] = userIds[r];
          keptStart[k + 1] = rowStart[r + 1];
          k++;
        }
      }
      return new Interactions(keptUsers, keptItems, keptStart, rowItems, rowWeights);
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
}
