package dev.affinity.recommend.model;

import dev.affinity.models.Recommender;
import dev.affinity.recommend.ModelKind;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fitted model in the form serving uses: item ids (distinct), per-item popularity with the popularity
 * ranking, and the personal part — either each item's top neighbours in CSR form (item-item models
 * such as item-kNN and RP3beta: neighbours of item {@code i} at {@code neighbourStart[i] ..
 * neighbourStart[i+1]}, best first, scored sparsely on the event loop), or a library
 * {@link Recommender} that folds a user's history in (EASE, iALS, the neural models: dense scoring,
 * done off the event loop). Primitive arrays keep an item-item model of thousands of items a few
 * megabytes. Immutable by convention: the arrays are never written after construction and never
 * handed out.
 */
public final class TrainedModel {
  final ModelKind kind;
  final String[] itemIds;
  final int[] popularity;
  final int[] popularOrder;
  final int[] neighbourStart;
  final int[] neighbours;
  final float[] similarities;
  /** The dense scorer, or null when neighbours (or popularity alone) are the whole model. */
  final Recommender scorer;
  /** Item id → index (ids are in the training matrix's order: sorted, then catalogue-only items). */
  private final java.util.Map<String, Integer> index;

  TrainedModel(ModelKind kind, String[] itemIds, int[] popularity, int[] popularOrder, int[] neighbourStart,
      int[] neighbours, float[] similarities, Recommender scorer) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.itemIds = itemIds;
    this.popularity = popularity;
    this.popularOrder = popularOrder;
    this.neighbourStart = neighbourStart;
    this.neighbours = neighbours;
    this.similarities = similarities;
    this.scorer = scorer;
    if (scorer != null && (scorer.data().numItems() != itemIds.length || !scorer.scoresHistories())) {
      throw new IllegalArgumentException("the scorer must fold histories in over the model's items");
    }
    if (popularity.length != itemIds.length || neighbourStart.length != itemIds.length + 1
        || neighbours.length != similarities.length || neighbourStart[itemIds.length] != neighbours.length) {
      throw new IllegalArgumentException("inconsistent model arrays");
    }
    this.index = java.util.HashMap.newHashMap(itemIds.length);
    for (int i = 0; i < itemIds.length; i++) {
      if (index.put(itemIds[i], i) != null) {
        throw new IllegalArgumentException("model item ids must be distinct: " + itemIds[i]);
      }
    }
  }

  public ModelKind kind() {
    return kind;
  }

  /** The dense scorer of models that fold a history in, or null. */
  public Recommender scorer() {
    return scorer;
  }

  /** Whether requests are scored by the dense scorer (off the event loop) rather than neighbours. */
  public boolean dense() {
    return scorer != null;
  }

  public int items() {
    return itemIds.length;
  }

  /** Index of the item, or -1 when the model does not know it. */
  public int indexOf(String id) {
    Integer at = index.get(id);
    return at == null ? -1 : at;
  }

  public String itemId(int i) {
    return itemIds[i];
  }

  /** Distinct users with a positive interaction with item {@code i} in the training data. */
  public int popularity(int i) {
    return popularity[i];
  }

  /** Number of items in the popularity ranking (items with at least one positive user). */
  public int rankedItems() {
    return popularOrder.length;
  }

  /** The item at this rank of the popularity ranking (0 = most popular; ties by id). */
  public int popularAt(int rank) {
    return popularOrder[rank];
  }

  public int neighbourCount(int i) {
    return neighbourStart[i + 1] - neighbourStart[i];
  }

  /** The {@code k}-th best neighbour of item {@code i}. */
  public int neighbour(int i, int k) {
    return neighbours[neighbourStart[i] + k];
  }

  public float similarity(int i, int k) {
    return similarities[neighbourStart[i] + k];
  }

  /** Total stored neighbour entries (a size figure for logs and metrics). */
  public int neighbourEntries() {
    return neighbours.length;
  }

  /** Equal arrays and kinds; dense scorers are compared by presence only (tests compare their scores). */
  @Override
  public boolean equals(Object o) {
    return o instanceof TrainedModel m && kind.equals(m.kind) && (scorer == null) == (m.scorer == null) && Arrays.equals(itemIds, m.itemIds)
        && Arrays.equals(popularity, m.popularity) && Arrays.equals(popularOrder, m.popularOrder)
        && Arrays.equals(neighbourStart, m.neighbourStart) && Arrays.equals(neighbours, m.neighbours)
        && Arrays.equals(similarities, m.similarities);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, Arrays.hashCode(itemIds), Arrays.hashCode(popularity), Arrays.hashCode(neighbours),
        Arrays.hashCode(similarities));
  }

  @Override
  public String toString() {
    return kind.wireName() + "[items=" + itemIds.length + ", neighbours=" + neighbours.length + "]";
  }
}
