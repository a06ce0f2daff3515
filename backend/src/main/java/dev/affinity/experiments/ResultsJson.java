package dev.affinity.experiments;

import dev.affinity.experiments.stats.ExperimentAnalysis;
import dev.affinity.experiments.stats.ExperimentResults;
import dev.affinity.experiments.stats.Interval;
import dev.affinity.experiments.stats.VariantCounts;
import dev.affinity.experiments.stats.VariantResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results contract ({@code {"status","srm","variants":[...]}} plus verdict and sequential-safety): counts
 * from {@link ResultsQuery} run through {@link ExperimentAnalysis} with the experiment's own weights, so the
 * sample-ratio check compares against what was configured.
 */
final class ResultsJson {
  private ResultsJson() {
  }

  static JsonObject of(Experiment e, List<VariantCounts> counts, Duration window) {
    Map<String, Double> weights = new LinkedHashMap<>();
    e.variants().forEach(v -> weights.put(v.name(), v.weight() / 100));
    ExperimentResults r = ExperimentAnalysis.analyze(counts, weights, e.primaryMetric());
    JsonArray variants = new JsonArray();
    for (VariantResult v : r.variants()) {
      variants.add(new JsonObject()
          .put("name", v.name())
          .put("control", v.control())
          .put("weight", weights.get(v.name()) * 100)
          .put("exposures", v.exposures())
          .put("users", v.users())
          .put("clicks", v.clicks())
          .put("conversions", v.conversions())
          .put("ctr", interval(v.ctr()))
          .put("conversionRate", interval(v.conversionRate()))
          .put("uplift", interval(v.uplift()))
          .put("pValue", v.pValue())
          .put("chanceToBeatControl", v.chanceToBeatControl())
          .put("alwaysValidPValue", v.alwaysValidPValue()));
    }
    return new JsonObject()
        .put("experimentId", e.id())
        .put("status", e.status().wireName())
        .put("primaryMetric", r.primaryMetric())
        .put("attributionWindowHours", window.toHours())
        .put("srm", new JsonObject().put("pValue", r.srm().pValue()).put("warning", r.srm().warning()))
        .put("sequentialSafe", r.sequentialSafe())
        .put("verdict", r.verdict())
        .put("variants", variants);
  }

  private static JsonObject interval(Interval i) {
    return i == null ? null : new JsonObject().put("value", i.value()).put("low", i.low()).put("high", i.high());
  }
}
