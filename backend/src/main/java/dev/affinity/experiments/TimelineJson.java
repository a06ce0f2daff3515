package dev.affinity.experiments;

import dev.affinity.experiments.stats.ExperimentAnalysis;
import dev.affinity.experiments.stats.ExperimentResults;
import dev.affinity.experiments.stats.Interval;
import dev.affinity.experiments.stats.VariantCounts;
import dev.affinity.experiments.stats.VariantResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results over time, cumulative: at the end of every bucket from the first exposure to the last, each variant's
 * counts so far and what {@link ExperimentAnalysis} makes of them (CTR and conversion rate with 95% intervals, uplift
 * over control on the primary metric with its interval). Cumulative because that is what the results table shows at
 * that moment, so the chart answers "how did today's read-out get here". Buckets without traffic are filled in with
 * the previous totals, so the x axis is even.
 *
 * <pre>{"experimentId","bucket":"hour","primaryMetric","points":[{"at","variants":[{"name","control","exposures",
 *   "clicks","conversions","ctr":{value,low,high},"conversionRate":{..},"uplift":{..}|null}]}]}</pre>
 */
final class TimelineJson {
  private TimelineJson() {
  }

  static JsonObject of(Experiment e, List<TimelineQuery.Row> rows, TimelineQuery.Bucket bucket) {
    Map<String, Double> weights = new LinkedHashMap<>();
    e.variants().forEach(v -> weights.put(v.name(), v.weight() / 100));
    Map<Instant, Map<String, TimelineQuery.Row>> byBucket = new HashMap<>();
    Instant first = null;
    Instant last = null;
    for (TimelineQuery.Row r : rows) {
      byBucket.computeIfAbsent(r.bucket(), k -> new HashMap<>()).put(r.variant(), r);
      first = first == null || r.bucket().isBefore(first) ? r.bucket() : first;
      last = last == null || r.bucket().isAfter(last) ? r.bucket() : last;
    }
    Map<String, long[]> totals = new LinkedHashMap<>();
    e.variants().forEach(v -> totals.put(v.name(), new long[3]));
    JsonArray points = new JsonArray();
    for (Instant at = first; at != null && !at.isAfter(last); at = at.plus(bucket.width())) {
      Map<String, TimelineQuery.Row> here = byBucket.getOrDefault(at, Map.of());
      for (Map.Entry<String, long[]> t : totals.entrySet()) {
        TimelineQuery.Row r = here.get(t.getKey());
        if (r != null) {
          t.getValue()[0] += r.exposures();
          t.getValue()[1] += r.clicks();
          t.getValue()[2] += r.conversions();
        }
      }
      points.add(new JsonObject().put("at", at.toString()).put("variants", analysed(e, totals, weights)));
    }
    return new JsonObject()
        .put("experimentId", e.id())
        .put("bucket", bucket.wireName())
        .put("primaryMetric", e.primaryMetric())
        .put("points", points);
  }

  private static JsonArray analysed(Experiment e, Map<String, long[]> totals, Map<String, Double> weights) {
    List<VariantCounts> counts = e.variants().stream().map(v -> {
      long[] t = totals.get(v.name());
      // users do not add up over buckets; they only feed the SRM check, which the timeline does not show
      return new VariantCounts(v.name(), v.control(), t[0], 0, t[1], t[2]);
    }).toList();
    ExperimentResults r = ExperimentAnalysis.analyze(counts, weights, e.primaryMetric());
    JsonArray out = new JsonArray();
    for (VariantResult v : r.variants()) {
      out.add(new JsonObject()
          .put("name", v.name())
          .put("control", v.control())
          .put("exposures", v.exposures())
          .put("clicks", v.clicks())
          .put("conversions", v.conversions())
          .put("ctr", interval(v.ctr()))
          .put("conversionRate", interval(v.conversionRate()))
          .put("uplift", interval(v.uplift())));
    }
    return out;
  }

  private static JsonObject interval(Interval i) {
    return i == null ? null : new JsonObject().put("value", i.value()).put("low", i.low()).put("high", i.high());
  }
}
