package dev.affinity.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the experiments service's JSON (the API's shapes) into the plain maps and display strings the templates
 * show. Numbers are formatted here, once, so every page writes a rate, an interval or a p-value the same way;
 * the templates only place and escape them.
 */
final class ExperimentViews {
  private ExperimentViews() {
  }

  /** One row of the experiments list, or the header of the results page. */
  static Map<String, Object> summary(JsonObject e) {
    Map<String, Object> m = new HashMap<>();
    m.put("id", e.getString("id"));
    m.put("name", e.getString("name"));
    m.put("hypothesis", e.getString("hypothesis", ""));
    m.put("status", e.getString("status"));
    m.put("draft", "draft".equals(e.getString("status")));
    m.put("running", "running".equals(e.getString("status")));
    m.put("layer", e.getString("layer"));
    m.put("coverage", share(e.getDouble("coverage")));
    m.put("primaryMetric", metricLabel(e.getString("primaryMetric")));
    boolean thompson = "thompson".equals(e.getString("allocation"));
    m.put("thompson", thompson);
    m.put("allocation", thompson ? "Thompson sampling (weights adapt to results)" : "Fixed weights");
    m.put("version", e.getInteger("version"));
    m.put("createdAt", time(e.getString("createdAt")));
    m.put("startedAt", time(e.getString("startedAt")));
    m.put("stoppedAt", time(e.getString("stoppedAt")));
    List<Map<String, Object>> variants = new ArrayList<>();
    for (Object o : e.getJsonArray("variants")) {
      JsonObject v = (JsonObject) o;
      Map<String, Object> row = new HashMap<>();
      row.put("name", v.getString("name"));
      row.put("weight", ExperimentForm.number(v.getDouble("weight")) + "%");
      row.put("control", v.getBoolean("control", false));
      row.put("model", v.getString("model"));
      row.put("count", v.getInteger("count"));
      variants.add(row);
    }
    m.put("variants", variants);
    m.put("variantsText", variants.stream()
        .map(v -> v.get("name") + " " + v.get("weight") + (Boolean.TRUE.equals(v.get("control")) ? " (control)" : ""))
        .collect(Collectors.joining(" · ")));
    return m;
  }

  static List<Map<String, Object>> summaries(JsonArray experiments) {
    List<Map<String, Object>> out = new ArrayList<>();
    experiments.forEach(o -> out.add(summary((JsonObject) o)));
    return out;
  }

  /**
   * The results read-out: per-variant rows, SRM, verdict and which p-value decisions use. A thompson experiment's
   * read-out ({@code "allocation": "thompson"}) has no SRM p-value ({@code srmApplicable} false) and shows each
   * variant's current weight.
   */
  static Map<String, Object> results(JsonObject r) {
    Map<String, Object> m = new HashMap<>();
    m.put("verdict", r.getString("verdict"));
    m.put("thompson", "thompson".equals(r.getString("allocation")));
    JsonObject srm = r.getJsonObject("srm");
    boolean applicable = srm.getBoolean("applicable", true);
    m.put("srmApplicable", applicable);
    m.put("srmWarning", applicable && srm.getBoolean("warning"));
    m.put("srmP", applicable ? p(srm.getDouble("pValue")) : null);
    m.put("sequentialSafe", r.getBoolean("sequentialSafe", false));
    m.put("metric", metricLabel(r.getString("primaryMetric")));
    m.put("windowHours", r.getLong("attributionWindowHours"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Object o : r.getJsonArray("variants")) {
      JsonObject v = (JsonObject) o;
      Map<String, Object> row = new HashMap<>();
      row.put("name", v.getString("name"));
      row.put("control", v.getBoolean("control"));
      row.put("weight", ExperimentForm.number(v.getDouble("weight")) + "%");
      row.put("exposures", v.getLong("exposures"));
      row.put("users", v.getLong("users"));
      row.put("clicks", v.getLong("clicks"));
      row.put("conversions", v.getLong("conversions"));
      row.put("ctr", rate(v.getJsonObject("ctr")));
      row.put("ctrInterval", rateInterval(v.getJsonObject("ctr")));
      row.put("conversionRate", rate(v.getJsonObject("conversionRate")));
      row.put("conversionInterval", rateInterval(v.getJsonObject("conversionRate")));
      JsonObject uplift = v.getJsonObject("uplift");
      row.put("uplift", uplift == null ? null : signed(uplift.getDouble("value")));
      row.put("upliftInterval", uplift == null ? null
          : signed(uplift.getDouble("low")) + " to " + signed(uplift.getDouble("high")));
      Double pValue = v.getDouble("pValue");
      Double alwaysValid = v.getDouble("alwaysValidPValue");
      Double beat = v.getDouble("chanceToBeatControl");
      row.put("pValue", pValue == null ? null : p(pValue));
      row.put("alwaysValidPValue", alwaysValid == null ? null : p(alwaysValid));
      row.put("chance", beat == null ? null : chance(beat));
      rows.add(row);
    }
    m.put("variants", rows);
    return m;
  }

  /** The audit trail, oldest first, with each entry's details as compact JSON. */
  static List<Map<String, Object>> audit(JsonArray entries) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : entries) {
      JsonObject a = (JsonObject) o;
      Map<String, Object> row = new HashMap<>();
      row.put("at", time(a.getString("at")));
      row.put("actor", a.getString("actor"));
      row.put("action", a.getString("action"));
      JsonObject details = a.getJsonObject("details");
      row.put("details", details == null || details.isEmpty() ? "" : details.encode());
      out.add(row);
    }
    return out;
  }

  static String metricLabel(String wire) {
    return "conversionRate".equals(wire) ? "conversion rate" : "CTR";
  }

  /** "20%" for 0.2, "0.5%" for 0.005. */
  static String share(Double fraction) {
    return fraction == null ? "" : ExperimentForm.number(fraction * 100) + "%";
  }

  /** A rate as a percentage with two decimals: "3.14%". */
  static String rate(JsonObject interval) {
    return interval == null ? "" : String.format(Locale.ROOT, "%.2f%%", interval.getDouble("value") * 100);
  }

  static String rateInterval(JsonObject interval) {
    return interval == null ? "" : String.format(Locale.ROOT, "%.2f–%.2f%%", interval.getDouble("low") * 100,
        interval.getDouble("high") * 100);
  }

  /** A relative change with its sign: "+4.1%", "−2.0%". */
  static String signed(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }

  /** "0.041", "2e-6", "< 1e-300". */
  static String p(double value) {
    if (value <= 0) {
      return "< 1e-300";
    }
    if (value >= 0.001) {
      return new BigDecimal(value).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }
    int exponent = (int) Math.floor(Math.log10(value));
    long mantissa = Math.round(value / Math.pow(10, exponent));
    if (mantissa == 10) {
      mantissa = 1;
      exponent++;
    }
    return mantissa + "e" + exponent;
  }

  /** A probability as a person reads it: "97%", "99.4%", ">99.9%". */
  static String chance(double c) {
    if (c > 0.999) {
      return ">99.9%";
    }
    if (c < 0.001) {
      return "<0.1%";
    }
    if (c >= 0.99 || c <= 0.01) {
      return String.format(Locale.ROOT, "%.1f%%", c * 100);
    }
    return String.format(Locale.ROOT, "%.0f%%", c * 100);
  }

  /** An ISO instant to the second ("2025-06-01T10:00:00Z"), or null. */
  static String time(String iso) {
    return iso == null ? null : Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
