package dev.affinity.recommend;

import java.util.Optional;

/**
 * The recommenders this server can train and serve, with the names the API, the {@code models.name} and
 * {@code tenant_settings.default_model} columns and the {@code model} field of responses use. One enum, so
 * a name means the same thing in every one of those places.
 */
public enum ModelKind {
  /** Item-to-item cosine neighbourhoods with shrinkage; falls back to popularity for cold users. */
  ITEM_KNN("item-knn"),
  /** Distinct users with a positive interaction per item: the cold-start list and the baseline. */
  POPULARITY("popularity");

  /** The model used when neither the request nor the tenant's settings name one. */
  public static final ModelKind DEFAULT = ITEM_KNN;

  private final String wire;

  ModelKind(String wire) {
    this.wire = wire;
  }

  public String wireName() {
    return wire;
  }

  /** Parses a wire name (exact); empty for anything unknown. */
  public static Optional<ModelKind> fromWire(String name) {
    for (ModelKind k : values()) {
      if (k.wire.equals(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
