package dev.affinity.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Side information about items — their text and categories, as a tenant sends them with
 * {@code POST /v1/items} — for models that learn from what an item <em>is</em> rather than only from
 * who interacted with it. It travels with the {@link Interactions} it describes
 * ({@link Interactions#withItemFeatures}), so algorithms that ignore it, and their callers, need no
 * change, and models that use it can recommend items nobody has interacted with yet.
 *
 * @param items per item id, its description; insertion order is kept (it fixes the column order
 *     of items new to the interaction matrix)
 */
public record ItemFeatures(Map<String, Item> items) {

  /**
   * What is known about one item.
   *
   * @param text free text (title, description); empty when unknown
   * @param categories category labels, each a whole token (e.g. {@code "Sci-Fi"}), possibly none
   */
  public record Item(String text, List<String> categories) {
    public Item {
      text = text == null ? "" : text;
      categories = categories == null ? List.of() : List.copyOf(categories);
    }
  }

  public ItemFeatures {
    items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
  }

  /** The description of item {@code id}, or null when there is none. */
  public Item get(String id) {
    return items.get(id);
  }

  /** Item ids in insertion order. */
  public Set<String> ids() {
    return items.keySet();
  }

  public int size() {
    return items.size();
  }
}
