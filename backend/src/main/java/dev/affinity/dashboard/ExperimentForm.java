package dev.affinity.dashboard;

import dev.affinity.recommend.ModelKind;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment form: what the admin typed, as strings, both ways. {@link #fromForm} reads a submitted form and
 * {@link #body} turns it into the API's JSON body, handing values that are not numbers to the shared validation
 * as they are, so a bad weight or coverage gets the API's own message; {@link #fromExperiment} fills the form from
 * a stored experiment (the API's JSON). Keeping the typed strings means a refused form comes back exactly as it
 * was sent.
 *
 * <p>Variants are numbered rows ({@code v0-name}, {@code v0-weight}, …, one {@code control} radio holding the row
 * number); a row left blank is ignored, so the form can offer spare rows without any script. A variant's
 * {@code params} (free-form JSON that the form does not edit) travel in a hidden field, so saving a draft from
 * the dashboard never drops what the API set.
 *
 * <p>The allocation ("fixed" or "thompson") is a select; left out of a submitted form it is left out of the body
 * too, so the API's default (create) or the stored value (edit) applies.
 */
final class ExperimentForm {
  /** Spare blank rows offered below the filled ones (and never fewer rows than this in all). */
  static final int MIN_ROWS = 4;
  static final int SPARE_ROWS = 2;
  /** The API's limit; more rows are not offered (more submitted rows reach the validation, which refuses them). */
  static final int MAX_ROWS = 20;
  /** Submitted rows read at most, so a hostile form cannot make the server loop. */
  private static final int READ_ROWS = 50;

  /** One variant row as typed. */
  record Row(String name, String weight, boolean control, String model, String count, String params) {
    boolean blank() {
      return name.isBlank() && weight.isBlank() && count.isBlank();
    }
  }

  final String name;
  final String hypothesis;
  final String layer;
  final String coverage;
  final String primaryMetric;
  final String version;
  final String allocation;
  final List<Row> rows;

  ExperimentForm(String name, String hypothesis, String layer, String coverage, String primaryMetric,
      String version, String allocation, List<Row> rows) {
    this.name = name;
    this.hypothesis = hypothesis;
    this.layer = layer;
    this.coverage = coverage;
    this.primaryMetric = primaryMetric;
    this.version = version;
    this.allocation = allocation;
    this.rows = List.copyOf(rows);
  }

  /** An empty form with sensible defaults: default layer, full coverage, a 50/50 A/B on the known models. */
  static ExperimentForm blank() {
    String control = ModelKind.POPULARITY.wireName();
    String treatment = ModelKind.DEFAULT.wireName();
    return new ExperimentForm("", "", "default", "1", "ctr", "", "fixed",
        List.of(new Row("A", "50", true, control, "", ""), new Row("B", "50", false, treatment, "", "")));
  }

  static ExperimentForm fromForm(MultiMap form) {
    List<Row> rows = new ArrayList<>();
    String control = value(form, "control");
    for (int i = 0; i < READ_ROWS && form.contains("v" + i + "-name"); i++) {
      String p = "v" + i + "-";
      rows.add(new Row(value(form, p + "name").strip(), value(form, p + "weight").strip(),
          control.equals(Integer.toString(i)), value(form, p + "model"), value(form, p + "count").strip(),
          value(form, p + "params")));
    }
    return new ExperimentForm(value(form, "name").strip(), value(form, "hypothesis"), value(form, "layer").strip(),
        value(form, "coverage").strip(), value(form, "primaryMetric"), value(form, "version"),
        value(form, "allocation"), rows);
  }

  /** The form of a stored experiment (the API's JSON shape). */
  static ExperimentForm fromExperiment(JsonObject e) {
    List<Row> rows = new ArrayList<>();
    for (Object o : e.getJsonArray("variants")) {
      JsonObject v = (JsonObject) o;
      JsonObject params = v.getJsonObject("params", new JsonObject());
      rows.add(new Row(v.getString("name"), number(v.getDouble("weight")), v.getBoolean("control", false),
          v.getString("model"), v.getInteger("count") == null ? "" : v.getInteger("count").toString(),
          params.isEmpty() ? "" : params.encode()));
    }
    return new ExperimentForm(e.getString("name"), e.getString("hypothesis", ""), e.getString("layer"),
        number(e.getDouble("coverage")), e.getString("primaryMetric"), e.getInteger("version").toString(),
        e.getString("allocation", "fixed"), rows);
  }

  /**
   * The create body, or a full edit body of a draft. Values that do not parse are passed on as the strings typed,
   * for {@code Specs} to refuse with the API's message.
   */
  JsonObject body() {
    JsonArray variants = new JsonArray();
    for (Row r : rows) {
      if (r.blank()) {
        continue;
      }
      JsonObject v = new JsonObject().put("name", r.name()).put("weight", decimal(r.weight()))
          .put("control", r.control()).put("model", r.model()).put("params", params(r.params()));
      if (!r.count().isEmpty()) {
        v.put("count", whole(r.count()));
      }
      variants.add(v);
    }
    JsonObject body = basics().put("layer", layer.isEmpty() ? "default" : layer).put("coverage", decimal(coverage))
        .put("variants", variants);
    if (!allocation.isEmpty()) {
      body.put("allocation", allocation);
    }
    return body;
  }

  /** The edit body of an experiment that has started: only what may still change (see {@code Edits}). */
  JsonObject startedBody() {
    return basics();
  }

  private JsonObject basics() {
    JsonObject body = new JsonObject().put("name", name).put("hypothesis", hypothesis)
        .put("primaryMetric", primaryMetric);
    if (!version.isEmpty()) {
      body.put("version", whole(version));
    }
    return body;
  }

  /** The template's view: fields as typed, rows padded with blank ones, and the models to choose from. */
  Map<String, Object> view() {
    Map<String, Object> v = new HashMap<>();
    v.put("name", name);
    v.put("hypothesis", hypothesis);
    v.put("layer", layer);
    v.put("coverage", coverage);
    v.put("primaryMetric", primaryMetric);
    v.put("version", version);
    v.put("allocation", allocation);
    List<Map<String, Object>> out = new ArrayList<>();
    int total = Math.min(MAX_ROWS, Math.max(MIN_ROWS, rows.size() + SPARE_ROWS));
    for (int i = 0; i < Math.max(total, rows.size()); i++) {
      Row r = i < rows.size() ? rows.get(i) : new Row("", "", false, "", "", "");
      Map<String, Object> row = new HashMap<>();
      row.put("index", i);
      row.put("name", r.name());
      row.put("weight", r.weight());
      row.put("control", r.control());
      row.put("model", r.model());
      row.put("count", r.count());
      row.put("params", r.params());
      row.put("optional", i >= 2);
      row.put("blank", r.blank());
      out.add(row);
    }
    v.put("rows", out);
    v.put("models", ModelKind.wireNames());
    return v;
  }

  /** A number the way a person would type it: 50 not 50.0, 0.2 not 0.20000000000000001. */
  static String number(Double d) {
    return d == null ? "" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static Object decimal(String s) {
    try {
      double d = Double.parseDouble(s);
      return Double.isFinite(d) ? d : s;
    } catch (NumberFormatException e) {
      return s;
    }
  }

  private static Object whole(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return s;
    }
  }

  private static Object params(String s) {
    if (s == null || s.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(s);
    } catch (DecodeException | ClassCastException e) {
      return s;
    }
  }

  private static String value(MultiMap form, String name) {
    String v = form.get(name);
    return v == null ? "" : v;
  }
}
