package dev.affinity.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One tenant's figures as this node recorded them since it started, for the dashboard. Read straight from the
 * meters the node exports to Prometheus, so the page and a scrape never disagree. Percentiles are estimated from
 * the histogram buckets the way Prometheus's {@code histogram_quantile} does (linear within the bucket holding the
 * rank), so they are as coarse as the buckets and match what a Grafana panel on the same data shows.
 */
public record TenantFigures(Instant since, Instant at, List<Route> routes, long eventsIngested, String model,
    String modelVersion) {

  /** One route's figures; latencies in milliseconds, NaN when there were no requests. */
  public record Route(String method, String route, long requests, long clientErrors, long serverErrors,
      double p50Ms, double p95Ms, double p99Ms) {
    /** Share of responses that were 4xx or 5xx. */
    public double errorRate() {
      return requests == 0 ? 0 : (clientErrors + serverErrors) / (double) requests;
    }
  }

  static TenantFigures of(Instant since, List<Route> routes, long events, String model, String version) {
    List<Route> sorted = routes.stream()
        .sorted(Comparator.comparing(Route::route).thenComparing(Route::method)).toList();
    return new TenantFigures(since, Instant.now(), sorted, events, model, version);
  }

  static Route route(Endpoint e, Endpoint.Meters m) {
    HistogramSnapshot s = m.latency.takeSnapshot();
    CountAtBucket[] buckets = s.histogramCounts();
    return new Route(e.method, e.route, s.count(), m.responses(Endpoint.statusClass(400)),
        m.responses(Endpoint.statusClass(500)),
        quantile(buckets, s.count(), 0.50), quantile(buckets, s.count(), 0.95), quantile(buckets, s.count(), 0.99));
  }

  /**
   * The q-quantile in milliseconds from cumulative bucket counts, interpolating linearly inside the bucket that
   * holds rank {@code q * total} (from 0 for the first bucket); past the last finite bucket, that bucket's bound.
   */
  static double quantile(CountAtBucket[] buckets, long total, double q) {
    if (total == 0 || buckets.length == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (CountAtBucket b : buckets) {
      double bound = b.bucket(TimeUnit.MILLISECONDS);
      double count = b.count();
      if (count >= rank) {
        return count == lowerCount ? bound : lowerBound + (bound - lowerBound) * (rank - lowerCount) / (count - lowerCount);
      }
      lowerBound = bound;
      lowerCount = count;
    }
    return lowerBound;
  }

  public long requests() {
    return routes.stream().mapToLong(Route::requests).sum();
  }

  public double uptimeSeconds() {
    return Math.max(0.001, (at.toEpochMilli() - since.toEpochMilli()) / 1000.0);
  }

  /** The JSON the dashboard's metrics script polls. */
  public JsonObject toJson() {
    JsonArray rows = new JsonArray();
    for (Route r : routes) {
      rows.add(new JsonObject().put("method", r.method()).put("route", r.route()).put("requests", r.requests())
          .put("clientErrors", r.clientErrors()).put("serverErrors", r.serverErrors())
          .put("errorRate", r.errorRate()).put("p50Ms", finite(r.p50Ms())).put("p95Ms", finite(r.p95Ms()))
          .put("p99Ms", finite(r.p99Ms())));
    }
    return new JsonObject()
        .put("since", since.truncatedTo(ChronoUnit.SECONDS).toString())
        .put("at", at.toString())
        .put("uptimeSeconds", uptimeSeconds())
        .put("requests", requests())
        .put("eventsIngested", eventsIngested)
        .put("model", model == null ? null : new JsonObject().put("name", model).put("version", modelVersion))
        .put("routes", rows);
  }

  /** The same figures as maps and display strings, for the Thymeleaf page. */
  public Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("since", since.truncatedTo(ChronoUnit.SECONDS).toString());
    v.put("requests", requests());
    v.put("eventsIngested", eventsIngested);
    v.put("model", model);
    v.put("modelVersion", modelVersion);
    double uptime = uptimeSeconds();
    v.put("routes", routes.stream().map(r -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("method", r.method());
      row.put("route", r.route());
      row.put("requests", r.requests());
      row.put("rate", String.format(java.util.Locale.ROOT, "%.2f", r.requests() / uptime));
      row.put("errorRate", String.format(java.util.Locale.ROOT, "%.1f %%", 100 * r.errorRate()));
      row.put("clientErrors", r.clientErrors());
      row.put("serverErrors", r.serverErrors());
      row.put("p50", millis(r.p50Ms()));
      row.put("p95", millis(r.p95Ms()));
      row.put("p99", millis(r.p99Ms()));
      return row;
    }).toList());
    return v;
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static String millis(double v) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    return String.format(java.util.Locale.ROOT, v < 10 ? "%.2f ms" : "%.0f ms", v);
  }
}
