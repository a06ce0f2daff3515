package dev.affinity.experiments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * An experiment as stored. The bucket range [rangeStart, rangeEnd) of its layer (buckets 0..9999) and the
 * salt fix who sees which variant; {@link #coverage()} is that range as a fraction of all traffic. With
 * {@link Allocation#THOMPSON} the variants' weights are the bandit's current ones ({@link BanditJob}).
 */
record Experiment(
    String id,
    String name,
    String hypothesis,
    String layer,
    int rangeStart,
    int rangeEnd,
    String salt,
    Status status,
    String primaryMetric,
    JsonObject targeting,
    Instant createdAt,
    Instant startedAt,
    Instant stoppedAt,
    int version,
    List<Variant> variants,
    Allocation allocation) {

  /** Buckets of a layer; a range is a share of these. */
  static final int BUCKETS = dev.affinity.experiments.assignment.Assigner.BUCKETS;

  double coverage() {
    return (rangeEnd - rangeStart) / (double) BUCKETS;
  }

  Experiment withVariants(List<Variant> v) {
    return new Experiment(id, name, hypothesis, layer, rangeStart, rangeEnd, salt, status, primaryMetric, targeting,
        createdAt, startedAt, stoppedAt, version, List.copyOf(v), allocation);
  }

  /** The API view. The salt is an internal detail of assignment and is not shown. */
  JsonObject toJson() {
    JsonArray vs = new JsonArray();
    variants.forEach(v -> vs.add(v.toJson()));
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("hypothesis", hypothesis)
        .put("layer", layer)
        .put("coverage", coverage())
        .put("bucketRange", new JsonObject().put("start", rangeStart).put("end", rangeEnd))
        .put("status", status.wireName())
        .put("primaryMetric", primaryMetric)
        .put("targeting", targeting.copy())
        .put("variants", vs)
        .put("allocation", allocation.wireName())
        .put("createdAt", createdAt.toString())
        .put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("stoppedAt", stoppedAt == null ? null : stoppedAt.toString())
        .put("version", version);
  }
}
