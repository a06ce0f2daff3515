package dev.affinity.models;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Immutable sparse user×item matrix {@code X} in CSR form with float values and String↔int id maps.
 *
 * <p>Every model trains on one of these and scores users by their row index, so the ids are fixed
 * once here and shared by all algorithms, the evaluator and the saved models. Rows are sorted by
 * item index; a column-major copy ({@link #transpose()}) is built lazily for item-side passes.
 *
 * <p>A matrix may carry {@link ItemFeatures} (item text and categories) for the models that use
 * them; see {@link #withItemFeatures}. They are not part of {@link #write}: models keep what they
 * derived from them.
 *
 * <p>A matrix may also know the order in which each user met their items ({@link #withRecency}):
 * per entry, its age — 0 for the user's most recent item, 1 for the one before, and so on. Sequential
 * models weight recent items more and learn what follows what; the others ignore it. Like the
 * features, ages are not part of {@link #write}.
 */
public final class Interactions {

  private final String[] userIds;
  private final String[] itemIds;
  private final Map<String, Integer> userIndex;
  private final Map<String, Integer> itemIndex;
  private final int[] rowPtr;
  private final int[] cols;
  private final float[] values;
  private final ItemFeatures features;
  private final int[] ages;
  private volatile Interactions transposed;

  Interactions(String[] userIds, String[] itemIds, int[] rowPtr, int[] cols, float[] values) {
    this(userIds, itemIds, rowPtr, cols, values, null, null);
  }

  private Interactions(String[] userIds, String[] itemIds, int[] rowPtr, int[] cols, float[] values,
      ItemFeatures features, int[] ages) {
    if (rowPtr.length != userIds.length + 1 || cols.length != values.length
        || rowPtr[userIds.length] != cols.length) {
      throw new IllegalArgumentException("inconsistent CSR arrays");
    }
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.values = values;
    this.features = features;
    this.ages = ages;
    this.userIndex = indexOf(userIds);
    this.itemIndex = indexOf(itemIds);
  }

  private static Map<String, Integer> indexOf(String[] ids) {
    Map<String, Integer> map = HashMap.newHashMap(ids.length);
    for (int i = 0; i < ids.length; i++) {
      if (map.put(ids[i], i) != null) {
        throw new IllegalArgumentException("duplicate id " + ids[i]);
      }
    }
    return map;
  }

  /**
   * Binary matrix from (user, item) pairs, ids indexed in order of first appearance; duplicates count
   * once. The list order is taken as time order: each entry's {@linkplain #withRecency age} comes
   * from the pair's last occurrence among the user's pairs.
   */
  public static Interactions fromPairs(List<String> users, List<String> items) {
    if (users.size() != items.size()) {
      throw new IllegalArgumentException("users and items differ in length");
    }
    Map<String, Integer> uIdx = new HashMap<>();
    Map<String, Integer> iIdx = new HashMap<>();
    List<String> uIds = new ArrayList<>();
    List<String> iIds = new ArrayList<>();
    int[] u = new int[users.size()];
    int[] it = new int[users.size()];
    for (int k = 0; k < u.length; k++) {
      u[k] = uIdx.computeIfAbsent(users.get(k), s -> { uIds.add(s); return uIds.size() - 1; });
      it[k] = iIdx.computeIfAbsent(items.get(k), s -> { iIds.add(s); return iIds.size() - 1; });
    }
    Interactions x = build(uIds.toArray(String[]::new), iIds.toArray(String[]::new), u, it);
    long[] lastSeen = new long[x.nnz()];
    for (int k = 0; k < u.length; k++) {
      lastSeen[Arrays.binarySearch(x.cols, x.rowPtr[u[k]], x.rowPtr[u[k] + 1], it[k])] = k;
    }
    return x.withRecency(agesFromTimes(x.rowPtr, x.cols, lastSeen));
  }

  /**
   * Ages of every entry from its last interaction time: within each row, rank by time descending
   * (0 = most recent), ties broken by the higher item index first so the ranks are deterministic.
   */
  public static int[] agesFromTimes(int[] rowPtr, int[] cols, long[] times) {
    int[] ages = new int[cols.length];
    for (int u = 0; u + 1 < rowPtr.length; u++) {
      int from = rowPtr[u];
      int len = rowPtr[u + 1] - from;
      Integer[] order = new Integer[len];
      for (int k = 0; k < len; k++) {
        order[k] = from + k;
      }
      Arrays.sort(order, (a, b) -> times[a] != times[b] ? Long.compare(times[b], times[a])
          : Integer.compare(cols[b], cols[a]));
      for (int r = 0; r < len; r++) {
        ages[order[r]] = r;
      }
    }
    return ages;
  }

  /** Binary matrix over given id spaces from index pairs (duplicates count once). */
  public static Interactions build(String[] userIds, String[] itemIds, int[] users, int[] items) {
    int nu = userIds.length;
    int[] count = new int[nu + 1];
    for (int x : users) {
      count[x + 1]++;
    }
    for (int i = 0; i < nu; i++) {
      count[i + 1] += count[i];
    }
    int[] fill = Arrays.copyOf(count, nu);
    int[] raw = new int[users.length];
    for (int k = 0; k < users.length; k++) {
      if (items[k] < 0 || items[k] >= itemIds.length) {
        throw new IllegalArgumentException("item index out of range: " + items[k]);
      }
      raw[fill[users[k]]++] = items[k];
    }
    int[] rowPtr = new int[nu + 1];
    int[] out = new int[raw.length];
    int n = 0;
    for (int u = 0; u < nu; u++) {
      Arrays.sort(raw, count[u], count[u + 1]);
      for (int k = count[u]; k < count[u + 1]; k++) {
        if (k == count[u] || raw[k] != raw[k - 1]) {
          out[n++] = raw[k];
        }
      }
      rowPtr[u + 1] = n;
    }
    float[] vals = new float[n];
    Arrays.fill(vals, 1f);
    return new Interactions(userIds, itemIds, rowPtr, Arrays.copyOf(out, n), vals);
  }

  /**
   * A weighted matrix from CSR arrays (the service's summed event weights): rows' item indices must
   * be strictly ascending and in range, values finite and positive.
   */
  public static Interactions weighted(String[] userIds, String[] itemIds, int[] rowPtr, int[] cols,
      float[] values) {
    if (rowPtr.length != userIds.length + 1 || rowPtr[0] != 0) {
      throw new IllegalArgumentException("rowPtr must have numUsers + 1 entries starting at 0");
    }
    for (int u = 0; u < userIds.length; u++) {
      if (rowPtr[u + 1] < rowPtr[u]) {
        throw new IllegalArgumentException("rowPtr must not decrease");
      }
      for (int p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
        if (cols[p] < 0 || cols[p] >= itemIds.length || (p > rowPtr[u] && cols[p] <= cols[p - 1])) {
          throw new IllegalArgumentException("row " + u + ": item indices must ascend within [0, numItems)");
        }
        if (!(values[p] > 0) || !Float.isFinite(values[p])) {
          throw new IllegalArgumentException("row " + u + ": values must be finite and positive");
        }
      }
    }
    return new Interactions(userIds, itemIds, rowPtr, cols, values);
  }

  public int numUsers() {
    return userIds.length;
  }

  public int numItems() {
    return itemIds.length;
  }

  public int nnz() {
    return cols.length;
  }

  /** First position of row {@code u} in {@link #cols()}/{@link #values()}. */
  public int rowStart(int u) {
    return rowPtr[u];
  }

  public int rowEnd(int u) {
    return rowPtr[u + 1];
  }

  public int rowSize(int u) {
    return rowPtr[u + 1] - rowPtr[u];
  }

  /** Column indices of all rows (shared array: read only). */
  public int[] cols() {
    return cols;
  }

  /** Values of all rows (shared array: read only). */
  public float[] values() {
    return values;
  }

  /** Item indices of row {@code u}, a copy. */
  public int[] row(int u) {
    return Arrays.copyOfRange(cols, rowPtr[u], rowPtr[u + 1]);
  }

  public String userId(int u) {
    return userIds[u];
  }

  public String itemId(int i) {
    return itemIds[i];
  }

  /** Index of a user id, or -1. */
  public int userIndex(String id) {
    Integer i = userIndex.get(id);
    return i == null ? -1 : i;
  }

  /** Index of an item id, or -1. */
  public int itemIndex(String id) {
    Integer i = itemIndex.get(id);
    return i == null ? -1 : i;
  }

  /** Number of users per item (column counts of X). */
  public int[] itemCounts() {
    int[] c = new int[numItems()];
    for (int x : cols) {
      c[x]++;
    }
    return c;
  }

  /** X transposed: rows are items, columns users (cached). */
  public Interactions transpose() {
    Interactions t = transposed;
    if (t == null) {
      int[] ptr = new int[numItems() + 1];
      for (int x : cols) {
        ptr[x + 1]++;
      }
      for (int i = 0; i < numItems(); i++) {
        ptr[i + 1] += ptr[i];
      }
      int[] fill = Arrays.copyOf(ptr, numItems());
      int[] tc = new int[cols.length];
      float[] tv = new float[cols.length];
      for (int u = 0; u < numUsers(); u++) {
        for (int k = rowPtr[u]; k < rowPtr[u + 1]; k++) {
          int p = fill[cols[k]]++;
          tc[p] = u;
          tv[p] = values[k];
        }
      }
      t = new Interactions(itemIds, userIds, ptr, tc, tv);
      transposed = t;
    }
    return t;
  }

  /**
   * The same matrix knowing when each user met each item: {@code ages[p]} is entry p's rank within
   * its row by recency (0 = the user's most recent item), so each row's ages are a permutation of
   * {@code 0..rowSize-1}.
   */
  public Interactions withRecency(int[] ages) {
    if (ages.length != cols.length) {
      throw new IllegalArgumentException("one age per entry expected: " + cols.length + ", got " + ages.length);
    }
    for (int u = 0; u < userIds.length; u++) {
      int len = rowSize(u);
      boolean[] seen = new boolean[len];
      for (int p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
        if (ages[p] < 0 || ages[p] >= len || seen[ages[p]]) {
          throw new IllegalArgumentException("row " + u + ": ages must be a permutation of 0.." + (len - 1));
        }
        seen[ages[p]] = true;
      }
    }
    return new Interactions(userIds, itemIds, rowPtr, cols, values, features, ages.clone());
  }

  /** Whether the users' item order is known ({@link #withRecency}). */
  public boolean hasRecency() {
    return ages != null;
  }

  /** Age of entry {@code p} (0 = its user's most recent item); 0 everywhere without recency. */
  public int age(int p) {
    return ages == null ? 0 : ages[p];
  }

  /**
   * Positions (into {@link #cols()}/{@link #values()}) of row {@code u}, oldest item first — the
   * order {@link Recommender#scoreHistory} expects; by item index when the order is unknown.
   */
  public int[] chronological(int u) {
    int from = rowPtr[u];
    int len = rowSize(u);
    int[] out = new int[len];
    for (int p = from; p < from + len; p++) {
      out[ages == null ? p - from : len - 1 - ages[p]] = p;
    }
    return out;
  }

  /** Writes the matrix losslessly. */
  public void write(DataOutput out) throws IOException {
    out.writeInt(userIds.length);
    for (String s : userIds) {
      out.writeUTF(s);
    }
    out.writeInt(itemIds.length);
    for (String s : itemIds) {
      out.writeUTF(s);
    }
    Io.writeInts(out, rowPtr);
    Io.writeInts(out, cols);
    Io.writeFloats(out, values);
  }

  /** Reads what {@link #write} wrote. */
  public static Interactions read(DataInput in) throws IOException {
    String[] u = new String[in.readInt()];
    for (int i = 0; i < u.length; i++) {
      u[i] = in.readUTF();
    }
    String[] it = new String[in.readInt()];
    for (int i = 0; i < it.length; i++) {
      it[i] = in.readUTF();
    }
    return new Interactions(u, it, Io.readInts(in), Io.readInts(in), Io.readFloats(in));
  }

  /**
   * The same matrix carrying {@code f}. Items described in {@code f} that no user has interacted
   * with are appended as empty columns (in {@code f}'s order, after the existing items, whose
   * indices do not change), so models can score them and evaluation can count hits on them —
   * without that, a cold item would simply not exist for any model.
   */
  public Interactions withItemFeatures(ItemFeatures f) {
    List<String> ids = new ArrayList<>(List.of(itemIds));
    for (String id : f.ids()) {
      if (!itemIndex.containsKey(id)) {
        ids.add(id);
      }
    }
    return new Interactions(userIds, ids.toArray(String[]::new), rowPtr, cols, values, f, ages);
  }

  /** The item text and categories this matrix carries, if any. */
  public Optional<ItemFeatures> itemFeatures() {
    return Optional.ofNullable(features);
  }

  /**
   * The entries at the positions {@code keep} accepts (positions index {@link #cols()}), over the
   * same user and item ids and with the same item features: the training part of a split, so that
   * indices of both parts mean the same users and items. Known ages are re-ranked among the kept
   * entries, so the order of each user's items is preserved.
   */
  public Interactions filter(IntPredicate keep) {
    int[] ptr = new int[rowPtr.length];
    int[] c = new int[cols.length];
    float[] v = new float[values.length];
    long[] t = new long[values.length];
    int n = 0;
    for (int u = 0; u < userIds.length; u++) {
      for (int p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
        if (keep.test(p)) {
          c[n] = cols[p];
          t[n] = ages == null ? 0 : -ages[p];
          v[n++] = values[p];
        }
      }
      ptr[u + 1] = n;
    }
    int[] kept = Arrays.copyOf(c, n);
    return new Interactions(userIds, itemIds, ptr, kept, Arrays.copyOf(v, n), features,
        ages == null ? null : agesFromTimes(ptr, kept, Arrays.copyOf(t, n)));
  }
}
