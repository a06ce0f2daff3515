package dev.affinity.recommend.serving;

import dev.affinity.recommend.ModelKind;
import dev.affinity.recommend.model.TrainedModel;

/**
 * A model version as a node serves it: the immutable fitted model plus the version it was stored as.
 * Swapped in whole (never mutated), so a request sees one version from start to end.
 */
public record ServingModel(TrainedModel model, long version) {
  /** Names what served a response, e.g. {@code item-knn:v3}. */
  public String label() {
    return model.kind().wireName() + ":v" + version;
  }

  /** The label of this version's popularity ranking, e.g. {@code popularity:v3}. */
  public String popularityLabel() {
    return ModelKind.POPULARITY.wireName() + ":v" + version;
  }
}
