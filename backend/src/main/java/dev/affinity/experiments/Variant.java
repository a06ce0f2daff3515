package dev.affinity.experiments;

import io.vertx.core.json.JsonObject;

/**
 * One arm of an experiment: the recommender configuration it serves and its share of the traffic.
 *
 * @param weight percent of the experiment's traffic (the variants of one experiment sum to 100)
 * @param model  a {@link dev.affinity.recommend.ModelKind} wire name
 * @param params free-form parameters handed to the recommender (e.g. a pinned model version)
 * @param count  how many items this variant returns, or null for the request's own count
 */
record Variant(String name, double weight, boolean control, String model, JsonObject params, Integer count) {

  JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("name", name)
        .put("weight", weight)
        .put("control", control)
        .put("model", model)
        .put("params", params.copy());
    if (count != null) {
      j.put("count", count);
    }
    return j;
  }
}
