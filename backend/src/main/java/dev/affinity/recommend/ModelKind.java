package dev.affinity.recommend;

import dev.affinity.models.Models;
import dev.affinity.models.content.ContentBased;
import dev.affinity.models.ease.Ease;
import dev.affinity.models.hybrid.Hybrid;
import dev.affinity.models.knn.ItemKnn;
import dev.affinity.models.slist.Slist;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recommender this server can train and serve, under the name the API, the {@code models.name} and
 * {@code tenant_settings.default_model} columns, experiment variants and the {@code model} field of
 * responses use, bound to the {@code dev.affinity.models} algorithm that fits it and the parameters the
 * service uses unless a request overrides them. One table, so a name means the same thing everywhere.
 *
 * <p>Every algorithm of the library is servable under its own name; the one exception is the
 * library's {@code itemknn}, served as {@code item-knn} — the name the API had before the library
 * existed (and kept, because tenants' settings and experiments store it) — with 50 neighbours, which
 * is what serving and "similar items" read. EASE is capped at {@link #EASE_MAX_ITEMS} items, SLIST at
 * {@link #SLIST_MAX_ITEMS}.
 *
 * @param wireName  the public name
 * @param algorithm the library algorithm's name
 * @param defaults  service defaults of the algorithm's parameters (request parameters win)
 */
public record ModelKind(String wireName, String algorithm, Map<String, String> defaults) {
  /** Item-to-item cosine neighbourhoods with shrinkage. */
  public static final ModelKind ITEM_KNN = new ModelKind("item-knn", ItemKnn.NAME, Map.of("k", "50", "shrink", "10"));
  /** Distinct users with a positive interaction per item: the cold-start list and the baseline. */
  public static final ModelKind POPULARITY = new ModelKind("popularity", "popularity", Map.of());

  /**
   * EASE's dense item×item matrix is stored with every version and held by every node: 10,000 items
   * are 400 MB. Larger catalogues get a clear training error (use ials, rp3beta or item-knn), unless
   * a request raises {@code maxItems} on purpose.
   */
  static final int EASE_MAX_ITEMS = 10_000;

  /** SLIST keeps two such matrices, so the same memory holds about 7,000 items. */
  static final int SLIST_MAX_ITEMS = 7_000;

  /** The model used when neither the request nor the tenant's settings name one. */
  public static final ModelKind DEFAULT = ITEM_KNN;

  public ModelKind {
    defaults = Map.copyOf(defaults);
  }

  /** Every servable model, in the library's registration order. */
  public static List<ModelKind> values() {
    List<ModelKind> out = new ArrayList<>();
    for (String name : Models.names()) {
      out.add(forAlgorithm(name));
    }
    return out;
  }

  /** The public names, for error messages and the dashboard. */
  public static List<String> wireNames() {
    return values().stream().map(ModelKind::wireName).toList();
  }

  /** Parses a wire name (exact); empty for anything unknown. */
  public static Optional<ModelKind> fromWire(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return values().stream().filter(k -> k.wireName.equals(name)).findFirst();
  }

  private static ModelKind forAlgorithm(String algorithm) {
    if (algorithm.equals(ITEM_KNN.algorithm)) {
      return ITEM_KNN;
    }
    if (algorithm.equals(POPULARITY.algorithm)) {
      return POPULARITY;
    }
    if (algorithm.equals(Ease.NAME)) {
      return new ModelKind(algorithm, algorithm, Map.of("maxItems", String.valueOf(EASE_MAX_ITEMS)));
    }
    if (algorithm.equals(Slist.NAME)) {
      return new ModelKind(algorithm, algorithm, Map.of("maxItems", String.valueOf(SLIST_MAX_ITEMS)));
    }
    return new ModelKind(algorithm, algorithm, Map.of());
  }

  /**
   * Whether training reads the catalogue's item text and categories: content-based models, and hybrids,
   * which may blend one in (the description costs one query; other models ignore it).
   */
  public boolean usesItemText() {
    return algorithm.equals(ContentBased.NAME) || algorithm.equals(Hybrid.NAME);
  }

  /** True for the popularity model, which has nothing personal to score. */
  public boolean isPopularity() {
    return equals(POPULARITY);
  }
}
