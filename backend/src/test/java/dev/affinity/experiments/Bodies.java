package dev.affinity.experiments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Request bodies for experiment tests. */
final class Bodies {
  private Bodies() {
  }

  static JsonObject variant(String name, double weight, boolean control, String model) {
    return new JsonObject().put("name", name).put("weight", weight).put("control", control).put("model", model)
        .put("params", new JsonObject());
  }

  /** A valid A/B experiment: control "A" on popularity, "B" on item-knn, 50/50. */
  static JsonObject ab(String name, String layer, double coverage) {
    return new JsonObject()
        .put("name", name)
        .put("hypothesis", "item-knn beats popularity on CTR")
        .put("layer", layer)
        .put("coverage", coverage)
        .put("variants", new JsonArray()
            .add(variant("A", 50, true, "popularity"))
            .add(variant("B", 50, false, "item-knn")));
  }
}
