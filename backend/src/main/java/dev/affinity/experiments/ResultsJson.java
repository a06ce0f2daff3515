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
 *
 * <p>A {@link Allocation#THOMPSON} experiment's weights moved during the run, so its read-out says so instead of
 * pretending otherwise: {@code "allocation": "thompson"} at the top, an {@code srm} of
 * {@code {"applicable": false, "pValue": null, "warning": false, "reason"}} (a check against fixed weights would
 * warn about the bandit doing its job), {@code "sequentialSafe": false}, the descriptive verdict of
 * {@link ExperimentAnalysis#analyzeAdaptive}, and each variant's {@code weight} is the bandit's current one. A fixed
 * experiment's read-out has exactly the shape it always had (no {@code allocation} key).
 */
final class ResultsJson {
  static final String SRM_NOT_APPLICABLE = "The traffic weights are adaptive (Thompson sampling): users are not meant"
      + " to follow a fixed ratio, so the sample-ratio check does not apply.";

  private ResultsJson() {
  }

  static JsonObject of(Experiment e, List<VariantCounts> counts, Duration window) {
    Map<String, Double> weights = new LinkedHashMap<>();
    e.variants().forEach(v -> weights.put(v.name(), v.weight() / 100));
    boolean adaptive = e.allocation() == Allocation.THOMPSON;
    ExperimentResults r = adaptive ? ExperimentAnalysis.analyzeAdaptive(counts, weights, e.primaryMetric())
        : ExperimentAnalysis.analyze(counts, weights, e.primaryMetric());
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
    if (adaptive) {
      return new JsonObject()
          .put("experimentId", e.id())
          .put("status", e.status().wireName())
          .put("allocation", e.allocation().wireName())
          .put("primaryMetric", r.primaryMetric())
          .put("attributionWindowHours", window.toHours())
          .put("srm", new JsonObject().put("applicable", false).putNull("pValue").put("warning", false)
              .put("reason", SRM_NOT_APPLICABLE))
          .put("sequentialSafe", r.sequentialSafe())
          .put("verdict", r.verdict())
          .put("variants", variants);
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
