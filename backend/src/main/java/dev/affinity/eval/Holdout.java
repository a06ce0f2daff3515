package dev.affinity.eval;

import dev.affinity.models.Interactions;
import java.util.ArrayList;
import java.util.List;

/**
 * Held-out items per training user, in the training matrix's index space. Items the training data
 * never saw are kept as {@code -1}: they can never be hit, but they still count in |test items|, so
 * recall is not flattered by dropping them. Users absent from training are counted, not evaluated.
 *
 * @param items per training user index, its held-out item indices (possibly empty)
 * @param unknownUsers held-out rows whose user is not in the training data
 */
public record Holdout(int[][] items, int unknownUsers) {

  /** Maps (user, item) id pairs onto {@code train}'s indices; duplicates count once. */
  public static Holdout of(Interactions train, List<String> users, List<String> itemIds) {
    List<List<Integer>> rows = new ArrayList<>();
    for (int u = 0; u < train.numUsers(); u++) {
      rows.add(new ArrayList<>());
    }
    java.util.Set<String> unknown = new java.util.HashSet<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int k = 0; k < users.size(); k++) {
      int u = train.userIndex(users.get(k));
      if (u < 0) {
        unknown.add(users.get(k));
        continue;
      }
      if (!seen.add(users.get(k) + '\t' + itemIds.get(k))) {
        continue;
      }
      rows.get(u).add(train.itemIndex(itemIds.get(k)));
    }
    int[][] items = new int[train.numUsers()][];
    for (int u = 0; u < items.length; u++) {
      items[u] = rows.get(u).stream().mapToInt(Integer::intValue).toArray();
    }
    return new Holdout(items, unknown.size());
  }

  /** Number of users with at least one held-out item. */
  public int evaluableUsers() {
    int c = 0;
    for (int[] r : items) {
      if (r.length > 0) {
        c++;
      }
    }
    return c;
  }
}
