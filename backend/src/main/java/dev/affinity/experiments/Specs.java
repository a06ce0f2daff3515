package dev.affinity.experiments;

import dev.affinity.http.ApiProblem;
import dev.affinity.recommend.ModelKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns request bodies into {@link Spec}s and refuses impossible configurations with a 400 that names
 * the variant or field to fix. The OpenAPI schema checks types and sizes; the rules that need the whole
 * experiment (sums, exactly one control, unique names, known models) live here.
 *
 * <p>The API's schema refuses wrong types and sizes before a body gets here; the same limits are checked again
 * here ({@link #text}, {@link #layer}) because the dashboard builds bodies from form fields that no schema has seen,
 * and a missing name must be a 400 with a reason, not a database error.
 *
 * <p>Weights are percentages summing to 100. Fractions summing to 1.0 are accepted too (a common habit)
 * and stored as percentages, so {@code 0.5/0.5} and {@code 50/50} mean the same; any other sum is an error.
 */
final class Specs {
  static final String DEFAULT_LAYER = "default";
  /** How far a sum of weights may be from 100 (or 1.0) and still count: rounding of thirds and the like. */
  private static final double PERCENT_TOLERANCE = 0.01;
  private static final double FRACTION_TOLERANCE = 1e-4;
  static final int MAX_NAME = 200;
  static final int MAX_HYPOTHESIS = 5000;
  static final int MAX_LAYER = 64;
  static final int MAX_VARIANTS = 20;
  static final int MAX_VARIANT_NAME = 100;
  static final int MAX_COUNT = 500;
  private static final Pattern LAYER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private Specs() {
  }

  /** Validates a create body. */
  static Spec parse(JsonObject body) {
    return new Spec(
        text(body.getValue("name"), "name", 1, MAX_NAME),
        text(body.getValue("hypothesis", ""), "hypothesis", 0, MAX_HYPOTHESIS),
        layer(body.getValue("layer", DEFAULT_LAYER)),
        width(body.getValue("coverage", 1.0)),
        metric(body.getValue("primaryMetric", "ctr")),
        body.getJsonObject("targeting", new JsonObject()),
        variants(body.getJsonArray("variants")),
        Allocation.parse(body.getValue("allocation", "fixed")));
  }

  /** A string field of {@code min..max} characters, or a 400 naming the field. */
  static String text(Object value, String field, int min, int max) {
    if (!(value instanceof String s) || s.length() < min || s.length() > max) {
      throw ApiProblem.badRequest(field + (min > 0 ? " is required and" : "") + " must be text of at most " + max
          + " characters" + (value instanceof String s && s.length() > max ? "; it has " + s.length() : "") + ".");
    }
    return s;
  }

  /** The metric decisions are made on: "ctr" or "conversionRate". */
  static String metric(Object value) {
    if (!"ctr".equals(value) && !"conversionRate".equals(value)) {
      throw ApiProblem.badRequest("primaryMetric must be \"ctr\" or \"conversionRate\"; got " + value + ".");
    }
    return (String) value;
  }

  /** A layer name: letters, digits and {@code _ . -}, starting with a letter or digit, at most 64 characters. */
  static String layer(Object value) {
    if (!(value instanceof String s) || s.length() > MAX_LAYER || !LAYER.matcher(s).matches()) {
      throw ApiProblem.badRequest("layer must be 1 to " + MAX_LAYER + " letters, digits, '_', '.' or '-',"
          + " starting with a letter or digit (e.g. \"home\"); got " + (value == null ? "nothing" : "'" + value + "'")
          + ".");
    }
    return s;
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

  /** The per-variant limits the API's schema also states: name, numeric weight, count in 1..500, params object. */
  private static void shape(JsonObject v) {
    String name = text(v.getValue("name"), "Every variant's name", 1, MAX_VARIANT_NAME);
    if (!(v.getValue("weight") instanceof Number)) {
      throw ApiProblem.badRequest("Variant '" + name + "' needs a weight, a number (percent of the experiment's"
          + " traffic).");
    }
    Object count = v.getValue("count");
    if (count != null && !(count instanceof Integer || count instanceof Long)
        || count != null && (((Number) count).longValue() < 1 || ((Number) count).longValue() > MAX_COUNT)) {
      throw ApiProblem.badRequest("Variant '" + name + "' has count " + count + "; a count is a whole number from 1 to "
          + MAX_COUNT + ", or left out for the request's own count.");
    }
    Object params = v.getValue("params");
    if (params != null && !(params instanceof JsonObject)) {
      throw ApiProblem.badRequest("Variant '" + name + "' has params that are not a JSON object.");
    }
    if (v.getValue("control") != null && !(v.getValue("control") instanceof Boolean)) {
      throw ApiProblem.badRequest("Variant '" + name + "' has a control flag that is not true or false.");
    }
  }

  /** Validates a list of variants and normalises their weights to percentages. */
  static List<Variant> variants(JsonArray raw) {
    if (raw == null || raw.size() < 2) {
      throw ApiProblem.badRequest("An experiment needs at least 2 variants (a control and a treatment); got "
          + (raw == null ? 0 : raw.size()) + ".");
    }
    if (raw.size() > MAX_VARIANTS) {
      throw ApiProblem.badRequest("An experiment has at most " + MAX_VARIANTS + " variants; got " + raw.size() + ".");
    }
    List<JsonObject> vs = new ArrayList<>();
    for (Object o : raw) {
      if (!(o instanceof JsonObject v)) {
        throw ApiProblem.badRequest("Every variant must be an object with name, weight and model.");
      }
      shape(v);
      vs.add(v);
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
