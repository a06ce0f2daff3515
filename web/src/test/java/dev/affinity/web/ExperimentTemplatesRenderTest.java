package dev.affinity.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The experiments templates (list, form, results, start/stop confirmation) rendered with the variables the
 * backend's {@code ExperimentViews} and {@code ExperimentForm} produce: ids the browser tests rely on, escaping of
 * everything an admin typed, and the form keeping its input. {@link TemplatesRenderTest} runs the cross-cutting
 * checks (no inline script, unique ids, local assets) over these pages too.
 */
class ExperimentTemplatesRenderTest {
  static final String HOSTILE = "<script>alert(1)</script>";
  static final String HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

  private final TemplateRenderer renderer = new TemplateRenderer();

  static Map<String, Object> session() {
    Map<String, Object> vars = new HashMap<>();
    vars.put("tenantName", "Acme");
    vars.put("adminEmail", "admin@acme.test");
    vars.put("csrfToken", "csrf-123");
    return vars;
  }

  static Map<String, Object> experiment(String name, String status) {
    Map<String, Object> e = new HashMap<>();
    e.put("id", "exp_0123abcd");
    e.put("name", name);
    e.put("hypothesis", "B wins " + name);
    e.put("status", status);
    e.put("draft", status.equals("draft"));
    e.put("running", status.equals("running"));
    e.put("layer", "home");
    e.put("coverage", "20%");
    e.put("primaryMetric", "CTR");
    e.put("createdAt", "2025-06-01T10:00:00Z");
    e.put("startedAt", status.equals("draft") ? null : "2025-06-01T11:00:00Z");
    e.put("stoppedAt", null);
    e.put("variantsText", "A 50% (control) · " + name + " 50%");
    return e;
  }

  static Map<String, Object> listVars() {
    Map<String, Object> vars = session();
    vars.put("experiments", List.of(experiment("Home <b>test</b>", "running"), experiment("Old", "draft")));
    return vars;
  }

  static Map<String, Object> formVars(String name, String error, boolean locked) {
    Map<String, Object> form = new HashMap<>();
    form.put("name", name);
    form.put("hypothesis", "because " + name);
    form.put("layer", "home");
    form.put("coverage", "0.2");
    form.put("primaryMetric", "conversionRate");
    form.put("version", locked ? "3" : "");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("index", i);
      row.put("name", i == 0 ? "A" : i == 1 ? name : "");
      row.put("weight", i < 2 ? "50" : "");
      row.put("control", i == 0);
      row.put("model", i == 1 ? "item-knn" : "popularity");
      row.put("count", i == 1 ? "7" : "");
      row.put("params", i == 1 ? "{\"pin\":\"" + name + "\"}" : "");
      row.put("optional", i >= 2);
      row.put("blank", i >= 2);
      rows.add(row);
    }
    form.put("rows", rows);
    form.put("models", List.of("item-knn", "popularity"));
    Map<String, Object> vars = session();
    vars.put("form", form);
    vars.put("error", error);
    vars.put("editing", locked);
    vars.put("locked", locked);
    vars.put("experiment", locked ? experiment(name, "running") : null);
    vars.put("action", locked ? "/dashboard/experiments/exp_0123abcd" : "/dashboard/experiments");
    return vars;
  }

  static Map<String, Object> resultsVars(String name, boolean srmWarning) {
    Map<String, Object> results = new HashMap<>();
    results.put("verdict", "B beats A on CTR by +4.1% " + name);
    results.put("srmWarning", srmWarning);
    results.put("srmP", srmWarning ? "1e-5" : "0.62");
    results.put("sequentialSafe", true);
    results.put("metric", "CTR");
    results.put("windowHours", 24L);
    Map<String, Object> a = new HashMap<>();
    a.put("name", "A");
    a.put("control", true);
    a.put("exposures", 1000L);
    a.put("users", 500L);
    a.put("clicks", 100L);
    a.put("conversions", 10L);
    a.put("ctr", "10.00%");
    a.put("ctrInterval", "8.28–12.03%");
    a.put("conversionRate", "1.00%");
    a.put("conversionInterval", "0.54–1.83%");
    a.put("uplift", null);
    a.put("pValue", null);
    a.put("chance", null);
    Map<String, Object> b = new HashMap<>(a);
    b.put("name", name);
    b.put("control", false);
    b.put("uplift", "+40.0%");
    b.put("upliftInterval", "+10.0% to +70.0%");
    b.put("pValue", "0.002");
    b.put("alwaysValidPValue", "0.03");
    b.put("chance", "99.9%");
    results.put("variants", List.of(a, b));
    Map<String, Object> vars = session();
    vars.put("experiment", experiment(name, "running"));
    vars.put("results", results);
    vars.put("audit", List.of(Map.of("at", "2025-06-01T10:00:00Z", "actor", "admin@acme.test", "action", "created",
        "details", "{\"name\":\"" + name + "\"}")));
    return vars;
  }

  static Map<String, Object> confirmVars(String name, String action) {
    Map<String, Object> vars = session();
    vars.put("experiment", experiment(name, action.equals("start") ? "draft" : "running"));
    vars.put("action", action);
    return vars;
  }

  @Test
  void listLinksEachExperimentToItsResultsWithAStatusBadge() {
    String html = renderer.render("experiments.html", listVars());
    assertFalse(html.contains("<b>test</b>"), html);
    Document doc = org.jsoup.Jsoup.parse(html);
    List<Element> rows = doc.select("#experiments-table tr[data-experiment-id]");
    assertEquals(2, rows.size());
    assertEquals("Home <b>test</b>", rows.get(0).selectFirst(".experiment-name").text());
    assertEquals("/dashboard/experiments/exp_0123abcd", rows.get(0).selectFirst(".results-link").attr("href"));
    assertTrue(rows.get(0).selectFirst(".experiment-status").hasClass("badge-running"));
    assertEquals("—", rows.get(1).selectFirst(".experiment-started").text());
    assertEquals("page", doc.getElementById("nav-experiments").attr("aria-current"));
    assertNull(doc.getElementById("experiments-empty"));
  }

  @Test
  void formKeepsTheInputEscapedAndShowsTheError() {
    String html = renderer.render("experiment-form.html", formVars(HOSTILE, "Variant '" + HOSTILE + "' is bad.", false));
    assertFalse(html.contains(HOSTILE), html);
    assertTrue(html.contains(HOSTILE_ESCAPED), html);
    Document doc = org.jsoup.Jsoup.parse(html);
    assertEquals("Variant '" + HOSTILE + "' is bad.", doc.getElementById("form-error").text());
    Element form = doc.getElementById("experiment-form");
    assertEquals("/dashboard/experiments", form.attr("action"));
    assertEquals("post", form.attr("method"));
    assertEquals("csrf-123", form.selectFirst("input[name=_csrf]").val());
    assertEquals(HOSTILE, doc.getElementById("exp-name").val());
    assertEquals("0.2", doc.getElementById("exp-coverage").val());
    assertEquals(HOSTILE, doc.getElementById("v1-name").val());
    assertEquals("7", doc.getElementById("v1-count").val());
    assertEquals("item-knn", doc.getElementById("v1-model").selectFirst("option[selected]").val());
    assertEquals("{\"pin\":\"" + HOSTILE + "\"}", doc.selectFirst("input[name=v1-params]").val());
    assertTrue(doc.getElementById("v0-control").hasAttr("checked"));
    assertFalse(doc.getElementById("v1-control").hasAttr("checked"));
    assertEquals("true", doc.select("tr.variant-row").get(3).attr("data-blank"));
    assertEquals("conversionRate", doc.getElementById("exp-metric").selectFirst("option[selected]").val());
    assertNotNull(doc.selectFirst("script[src=/static/js/experiment-form.js]"));
    assertNull(doc.getElementById("locked-note"));
  }

  @Test
  void editingAStartedExperimentShowsItsBucketsReadOnly() {
    Document doc = renderer.renderDocument("experiment-form.html", formVars("Home", null, true));
    assertNotNull(doc.getElementById("locked-note"));
    assertNull(doc.getElementById("exp-layer"), "layer is not editable once started");
    assertNull(doc.getElementById("v0-name"), "variants are not editable once started");
    assertEquals("3", doc.selectFirst("input[name=version]").val());
    assertEquals("/dashboard/experiments/exp_0123abcd", doc.getElementById("experiment-form").attr("action"));
    assertEquals("Edit experiment · Affinity", doc.title());
  }

  @Test
  void resultsShowVerdictTableChartsSrmAndAudit() {
    String html = renderer.render("experiment.html", resultsVars(HOSTILE, true));
    assertFalse(html.contains(HOSTILE), html);
    Document doc = org.jsoup.Jsoup.parse(html);
    assertEquals("B beats A on CTR by +4.1% " + HOSTILE, doc.getElementById("verdict").text());
    assertTrue(doc.getElementById("srm-badge").hasClass("badge-danger"));
    assertNotNull(doc.getElementById("srm-warning"));
    assertNotNull(doc.getElementById("sequential-note"));
    assertEquals("canvas", doc.getElementById("rate-chart").tagName());
    assertEquals("canvas", doc.getElementById("uplift-chart").tagName());
    assertEquals("/dashboard/experiments/exp_0123abcd/timeline", doc.getElementById("charts").attr("data-timeline-url"));
    Element b = doc.selectFirst("tr.variant-result[data-variant=" + "\"" + HOSTILE.replace("\"", "") + "\"]");
    assertNotNull(b);
    assertEquals("+40.0% +10.0% to +70.0%", b.selectFirst(".uplift").text());
    assertEquals("0.03 / 0.002", b.selectFirst(".p-value").text());
    assertEquals("99.9%", b.selectFirst(".chance").text());
    assertEquals("—", doc.selectFirst("tr.variant-result[data-variant=A] .chance").text());
    assertEquals("admin@acme.test", doc.selectFirst("#audit-table .audit-actor").text());
    assertNotNull(doc.getElementById("stop-experiment"));
    assertNull(doc.getElementById("start-experiment"));
    assertNotNull(doc.selectFirst("script[src=/static/js/experiment-results.js]"));
    assertTrue(renderer.renderDocument("experiment.html", resultsVars("B", false)).getElementById("srm-badge")
        .hasClass("badge-ok"));
  }

  @Test
  void confirmationPostsWithTheCsrfToken() {
    Document start = renderer.renderDocument("experiment-confirm.html", confirmVars(HOSTILE, "start"));
    Element form = start.getElementById("confirm-form");
    assertEquals("post", form.attr("method"));
    assertEquals("/dashboard/experiments/exp_0123abcd/start", form.attr("action"));
    assertEquals("csrf-123", form.selectFirst("input[name=_csrf]").val());
    assertEquals("Start “" + HOSTILE + "”?", start.getElementById("confirm-title").text());
    Document stop = renderer.renderDocument("experiment-confirm.html", confirmVars("Home", "stop"));
    assertEquals("/dashboard/experiments/exp_0123abcd/stop", stop.getElementById("confirm-form").attr("action"));
    assertEquals("Yes, stop it", stop.getElementById("confirm-button").text());
  }

  @Test
  void aThompsonExperimentShowsItsAllocationCurrentWeightsAndNoSrmVerdict() {
    Map<String, Object> vars = resultsVars("B", false);
    @SuppressWarnings("unchecked")
    Map<String, Object> results = (Map<String, Object>) vars.get("results");
    results.put("thompson", true);
    results.put("srmApplicable", false);
    results.put("srmP", null);
    results.put("sequentialSafe", false);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) results.get("variants");
    rows.get(0).put("weight", "5%");
    rows.get(1).put("weight", "95%");
    @SuppressWarnings("unchecked")
    Map<String, Object> experiment = (Map<String, Object>) vars.get("experiment");
    experiment.put("thompson", true);
    experiment.put("allocation", "Thompson sampling (weights adapt to results)");
    Document doc = renderer.renderDocument("experiment.html", vars);
    assertNull(doc.getElementById("srm-badge"), "no sample-ratio verdict for adaptive weights");
    assertNull(doc.getElementById("srm-warning"));
    assertNotNull(doc.getElementById("srm-not-applicable"));
    assertNotNull(doc.getElementById("adaptive-note"));
    assertNull(doc.getElementById("sequential-note-fixed"), "the adaptive note replaces the fixed-horizon one");
    assertEquals("Thompson sampling (weights adapt to results)", doc.getElementById("experiment-allocation").text());
    assertEquals("95%", doc.selectFirst("tr.variant-result[data-variant=B] .weight").text());
    assertEquals(doc.select("#results-table thead th").size(), doc.select("tr.variant-result[data-variant=B] > *")
        .size(), "the weight column has a header");

    Document fixed = renderer.renderDocument("experiment.html", resultsVars("B", false));
    assertNull(fixed.selectFirst("#results-table .weight"), "fixed experiments keep their table");
    assertNull(fixed.getElementById("adaptive-note"));

    Map<String, Object> list = listVars();
    Map<String, Object> adaptive = experiment("Bandit", "running");
    adaptive.put("thompson", true);
    list.put("experiments", List.of(adaptive, experiment("Plain", "running")));
    List<Element> listed = renderer.renderDocument("experiments.html", list)
        .select("#experiments-table tr[data-experiment-id]");
    assertNotNull(listed.get(0).selectFirst(".experiment-allocation"));
    assertNull(listed.get(1).selectFirst(".experiment-allocation"));

    Map<String, Object> form = formVars("Bandit", null, false);
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) form.get("form");
    fields.put("allocation", "thompson");
    Document formDoc = renderer.renderDocument("experiment-form.html", form);
    assertEquals("thompson", formDoc.getElementById("exp-allocation").selectFirst("option[selected]").val());
  }
}
