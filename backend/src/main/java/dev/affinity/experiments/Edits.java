package dev.affinity.experiments;

import dev.affinity.http.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an edit ({@code PUT /v1/experiments/{id}}) may change. Fields left out keep their value. A draft may
 * change anything. Once an experiment has run, its buckets are fixed: layer, coverage and the variants'
 * names, weights and control flag decide who sees what, so changing them would move users between
 * variants and mix two populations in one set of results; what a variant serves (model, params, count) is
 * fixed for the same reason. Name, hypothesis, targeting and primary metric stay editable.
 *
 * <p>The allocation ({@link Allocation}) is fixed once started too: switching a running experiment between fixed
 * weights and the bandit would mix two allocation regimes in one set of results. Under {@code "thompson"} the
 * weights belong to the bandit ({@link BanditJob}), which changes them without going through here; an edit that
 * sends the variants must send the current weights (GET them first), like any other frozen field.
 */
final class Edits {
  private Edits() {
  }

  /** An accepted edit: the new values, a {@code {field: {from, to}}} summary, and whether the range moves. */
  record Edit(String name, String hypothesis, String layer, int width, String primaryMetric, JsonObject targeting,
      List<Variant> variants, Allocation allocation, JsonObject changes, boolean moveRange, boolean variantsChanged) {
  }

  static Edit apply(Experiment cur, JsonObject body) {
    Object version = body.getValue("version");
    if (version != null && !(version instanceof Integer || version instanceof Long)) {
      throw ApiProblem.badRequest("version must be a whole number: the version the edit is based on.");
    }
    Integer expected = body.getInteger("version");
    if (expected != null && expected != cur.version()) {
      throw ApiProblem.conflict("Experiment '" + cur.id() + "' is at version " + cur.version() + ", not " + expected
          + "; someone changed it meanwhile. Reload it and apply your edit again.");
    }
    int curWidth = cur.rangeEnd() - cur.rangeStart();
    String name = Specs.text(body.getValue("name", cur.name()), "name", 1, Specs.MAX_NAME);
    String hypothesis = Specs.text(body.getValue("hypothesis", cur.hypothesis()), "hypothesis", 0,
        Specs.MAX_HYPOTHESIS);
    String layer = Specs.layer(body.getValue("layer", cur.layer()));
    int width = body.containsKey("coverage") ? Specs.width(body.getValue("coverage")) : curWidth;
    String metric = Specs.metric(body.getValue("primaryMetric", cur.primaryMetric()));
    JsonObject targeting = body.getJsonObject("targeting", cur.targeting());
    List<Variant> variants = body.containsKey("variants") ? Specs.variants(body.getJsonArray("variants"))
        : cur.variants();
    Allocation allocation = body.containsKey("allocation") ? Allocation.parse(body.getValue("allocation"))
        : cur.allocation();

    JsonObject changes = new JsonObject();
    diff(changes, "name", cur.name(), name);
    diff(changes, "hypothesis", cur.hypothesis(), hypothesis);
    diff(changes, "layer", cur.layer(), layer);
    diff(changes, "coverage", cur.coverage(), width / (double) Experiment.BUCKETS);
    diff(changes, "primaryMetric", cur.primaryMetric(), metric);
    diff(changes, "targeting", cur.targeting(), targeting);
    diff(changes, "allocation", cur.allocation().wireName(), allocation.wireName());
    boolean variantsChanged = !sameVariants(cur.variants(), variants);
    if (variantsChanged) {
      changes.put("variants", new JsonObject().put("from", json(cur.variants())).put("to", json(variants)));
    }

    if (cur.status() != Status.DRAFT) {
      if (allocation != cur.allocation()) {
        throw ApiProblem.conflict("Experiment '" + cur.id() + "' is " + cur.status().wireName() + ": its allocation"
            + " (\"" + cur.allocation().wireName() + "\") cannot change to \"" + allocation.wireName() + "\" once it"
            + " has started, or its results would mix fixed and adaptive weights. Only name, hypothesis, targeting and"
            + " primaryMetric can change; create a new experiment instead.");
      }
      List<String> moving = new ArrayList<>();
      if (!layer.equals(cur.layer())) {
        moving.add("layer");
      }
      if (width != curWidth) {
        moving.add("coverage");
      }
      moving.addAll(bucketFields(cur.variants(), variants));
      if (!moving.isEmpty()) {
        throw ApiProblem.conflict("Experiment '" + cur.id() + "' is " + cur.status().wireName() + ": changing "
            + String.join(", ", moving) + " would move users between variants. Only name, hypothesis, targeting"
            + " and primaryMetric can change once an experiment has started; create a new experiment instead.");
      }
      if (variantsChanged) {
        throw ApiProblem.conflict("Experiment '" + cur.id() + "' is " + cur.status().wireName() + ": what a variant"
            + " serves (model, params, count) is fixed once it has started, or its results would mix two"
            + " configurations; create a new experiment instead.");
      }
    }
    boolean moveRange = !layer.equals(cur.layer()) || width != curWidth;
    return new Edit(name, hypothesis, layer, width, metric, targeting, variants, allocation, changes, moveRange,
        variantsChanged);
  }

  /** The assignment-relevant differences: which variants were added, removed, reweighted or became control. */
  private static List<String> bucketFields(List<Variant> from, List<Variant> to) {
    Map<String, Variant> before = byName(from);
    Map<String, Variant> after = byName(to);
    List<String> out = new ArrayList<>();
    if (!before.keySet().equals(after.keySet())) {
      out.add("the set of variant names");
      return out;
    }
    for (Variant v : to) {
      Variant old = before.get(v.name());
      if (Math.abs(old.weight() - v.weight()) > 1e-9) {
        out.add("the weight of '" + v.name() + "'");
      }
      if (old.control() != v.control()) {
        out.add("which variant is control ('" + v.name() + "')");
      }
    }
    if (out.isEmpty() && !from.stream().map(Variant::name).toList().equals(to.stream().map(Variant::name).toList())) {
      out.add("the order of the variants");
    }
    return out;
  }

  private static boolean sameVariants(List<Variant> a, List<Variant> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Variant x = a.get(i);
      Variant y = b.get(i);
      if (!x.name().equals(y.name()) || Math.abs(x.weight() - y.weight()) > 1e-9 || x.control() != y.control()
          || !x.model().equals(y.model()) || !x.params().equals(y.params()) || !Objects.equals(x.count(), y.count())) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Variant> byName(List<Variant> vs) {
    Map<String, Variant> m = new LinkedHashMap<>();
    vs.forEach(v -> m.put(v.name(), v));
    return m;
  }

  private static JsonArray json(List<Variant> vs) {
    JsonArray a = new JsonArray();
    vs.forEach(v -> a.add(v.toJson()));
    return a;
  }

  private static void diff(JsonObject changes, String field, Object from, Object to) {
    if (!Objects.equals(from, to)) {
      changes.put(field, new JsonObject().put("from", from).put("to", to));
    }
  }
}
