package dev.affinity.experiments;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A validated experiment definition from a create request (or a draft's full replacement): everything
 * except what the server chooses (id, bucket range start, salt, timestamps).
 *
 * @param width buckets of the layer the experiment takes: coverage × 10,000
 * @param allocation fixed weights or a Thompson-sampling bandit ({@link Allocation})
 */
record Spec(String name, String hypothesis, String layer, int width, String primaryMetric, JsonObject targeting,
    List<Variant> variants, Allocation allocation) {
}
