package dev.affinity.recommend.serving;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tenant's catalogue as serving filters it: item id → active flag and categories. Answers the two
 * questions the SQL filter used to ({@link #servable}, {@link #active}) from memory. Owned and mutated only
 * by {@link CatalogueCache} (whole-map swap on reload, per-id patches); readers on any thread see each
 * item either before or after a change, never half of one.
 */
final class Catalogue {
  /** What filtering needs to know about one item. */
  record Item(boolean active, String[] categories) {
    boolean hasCategory(String category) {
      for (String c : categories) {
        if (c.equals(category)) {
          return true;
        }
      }
      return false;
    }
  }

  private volatile Map<String, Item> items = new ConcurrentHashMap<>();

  /** The item exists, is active and (when a category is given) carries it. */
  boolean servable(String id, String category) {
    Item item = items.get(id);
    return item != null && item.active() && (category == null || item.hasCategory(category));
  }

  /** The item's active flag, or null when the tenant has no such item. */
  Boolean active(String id) {
    Item item = items.get(id);
    return item == null ? null : item.active();
  }

  int size() {
    return items.size();
  }

  void replaceAll(Map<String, Item> fresh) {
    items = new ConcurrentHashMap<>(fresh);
  }

  /** Sets the ids found in {@code found}; removes the others of {@code ids} (they no longer exist). */
  void patch(Iterable<String> ids, Map<String, Item> found) {
    Map<String, Item> current = items;
    for (String id : ids) {
      Item item = found.get(id);
      if (item == null) {
        current.remove(id);
      } else {
        current.put(id, item);
      }
    }
  }
}
