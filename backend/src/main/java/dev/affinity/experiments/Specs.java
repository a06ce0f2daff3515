package dev.affinity.experiments;

import dev.affinity.http.ApiProblem;
import dev.affinity.recommend.ModelKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns request bodies into {@link Spec}s and refuses impossible configurations with a 400 that names
 * the variant or field to fix. The OpenAPI schema checks types and sizes; the rules that need the whole
 * experiment (sums, exactly one control, unique names, known models) live here.
 *
 * <p>Weights are percentages summing to 100. Fractions summing to 1.0 are accepted too (a common habit)
 * and stored as percentages, so {@code 0.5/0.5} and {@code 50/50} mean the same; any other sum is an error.
 */
final class Specs {
  static final String DEFAULT_LAYER = "default";
  /** How far a sum of weights may be from 100 (or 1.0) and still count: rounding of thirds and the like. */
  private static final double PERCENT_TOLERANCE = 0.01;
  private static final double FRACTION_TOLERANCE = 1e-4;

  private Specs() {
  }

  /** Validates a create body. */
  static Spec parse(JsonObject body) {
    String layer = body.getString("layer", DEFAULT_LAYER);
    return new Spec(
        body.getString("name"),
        body.getString("hypothesis", ""),
        layer,
        width(body.getValue("coverage", 1.0)),
        body.getString("primaryMetric", "ctr"),
        body.getJsonObject("targeting", new JsonObject()),
        variants(body.getJsonArray("variants")));
  }

  /** Buckets for a coverage in (0, 1]; a 400 otherwise. */
  static int width(Object coverage) {
    if (!(coverage instanceof Number n)) {
      throw ApiProblem.badRequest("coverage must be a number in (0, 1], the share of the layer's traffic.");
    }
    double c = n.doubleValue();
    if (!(c > 0 && c <= 1)) {
      throw ApiProblem.badRequest("coverage must be in (0, 1] — the share of the layer's traffic the experiment"
          + " takes (e.g. 0.2 for 20%); got " + n + ".");
    }
    int width = (int) Math.round(c * Experiment.BUCKETS);
    if (width < 1) {
      throw ApiProblem.badRequest("coverage " + n + " is below the smallest share, 0.0001 (one bucket in 10,000).");
    }
    return width;
  }

  /** Validates a list of variants and normalises their weights to percentages. */
  static List<Variant> variants(JsonArray raw) {
    if (raw == null || raw.size() < 2) {
      throw ApiProblem.badRequest("An experiment needs at least 2 variants (a control and a treatment); got "
          + (raw == null ? 0 : raw.size()) + ".");
    }
    List<JsonObject> vs = new ArrayList<>();
    for (Object o : raw) {
      vs.add((JsonObject) o);
    }
    Set<String> names = new HashSet<>();
    List<String> controls = new ArrayList<>();
    double sum = 0;
    for (JsonObject v : vs) {
      String name = v.getString("name");
      if (!names.add(name)) {
        throw ApiProblem.badRequest("Variant names must be unique; '" + name + "' appears more than once.");
      }
      if (v.getBoolean("control", false)) {
        controls.add(name);
      }
      double w = v.getDouble("weight");
      if (!(w > 0) || Double.isInfinite(w)) {
        throw ApiProblem.badRequest("Variant '" + name + "' has weight " + v.getValue("weight")
            + "; every weight must be positive.");
      }
      sum += w;
      String model = v.getString("model");
      if (ModelKind.fromWire(model).isEmpty()) {
        throw ApiProblem.badRequest("Variant '" + name + "' uses unknown model '" + model + "'; known models: "
            + String.join(", ", ModelKind.wireNames()) + ".");
      }
      JsonObject params = v.getJsonObject("params", new JsonObject());
      for (String key : params.fieldNames()) {
        if (!key.equals("version")) {
          throw ApiProblem.badRequest("Variant '" + name + "' has unknown parameter '" + key + "'; the only one is "
              + "\"version\" (a model version to pin; GET /v1/models lists them). Train with parameters through "
              + "POST /v1/models/train.");
        }
        Object pinned = params.getValue("version");
        if (!(pinned instanceof Integer || pinned instanceof Long) || ((Number) pinned).longValue() < 1) {
          throw ApiProblem.badRequest("Variant '" + name + "' pins \"version\": " + pinned
              + "; it must be a positive integer (a version of model '" + model + "' from GET /v1/models).");
        }
      }
    }
    if (controls.size() != 1) {
      throw ApiProblem.badRequest("Exactly one variant must have \"control\": true; "
          + (controls.isEmpty() ? "none does." : String.join(", ", controls) + " all do."));
    }
    if (Math.abs(sum - 100) > PERCENT_TOLERANCE && Math.abs(sum - 1) > FRACTION_TOLERANCE) {
      throw ApiProblem.badRequest("Variant weights must sum to 100 (percent), or to 1.0 (fractions); these sum to "
          + (float) sum + ".");
    }
    double scale = 100 / sum;
    List<Variant> out = new ArrayList<>();
    for (JsonObject v : vs) {
      out.add(new Variant(v.getString("name"), v.getDouble("weight") * scale, v.getBoolean("control", false),
          v.getString("model"), v.getJsonObject("params", new JsonObject()), v.getInteger("count")));
    }
    return List.copyOf(out);
  }
}
