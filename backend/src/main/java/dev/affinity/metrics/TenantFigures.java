package dev.affinity.metrics;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One tenant's figures since the nodes started, for the dashboard: per route, the request count, 4xx and 5xx
 * counts and the latency histogram's cumulative bucket counts, plus events ingested and the model in use. Read
 * straight from the meters each node exports to Prometheus, so the page and a scrape never disagree.
 *
 * <p>Figures of several nodes {@link #merge merge} exactly (counts and bucket counts add up), which is what lets
 * the page show the whole cluster. Percentiles are estimated from the merged buckets the way Prometheus's
 * {@code histogram_quantile} does (linear within the bucket holding the rank), so they are as coarse as the
 * buckets and match a Grafana panel on the same data.
 *
 * @param nodes how many nodes' figures are in here; {@code nodesAsked} how many were asked
 */
public record TenantFigures(Instant since, Instant at, List<Route> routes, long eventsIngested, String model,
    String modelVersion, int nodes, int nodesAsked) {

  /** Upper bounds of the latency buckets in milliseconds, in the order of {@link Route#buckets}. */
  static final double[] BOUNDS_MS = java.util.Arrays.stream(NodeMetrics.LATENCY_BUCKETS)
      .mapToDouble(d -> d.toNanos() / 1e6).toArray();

  /** One route's figures; {@code buckets[i]} counts requests that took at most {@code BOUNDS_MS[i]}. */
  public record Route(String method, String route, long requests, long clientErrors, long serverErrors,
      long[] buckets) {
    /** Share of responses that were 4xx or 5xx. */
    public double errorRate() {
      return requests == 0 ? 0 : (clientErrors + serverErrors) / (double) requests;
    }

    /** The q-quantile of latency in milliseconds (NaN without requests). */
    public double quantileMs(double q) {
      return quantile(BOUNDS_MS, buckets, requests, q);
    }

    Route plus(Route o) {
      long[] sum = buckets.clone();
      for (int i = 0; i < sum.length && i < o.buckets.length; i++) {
        sum[i] += o.buckets[i];
      }
      return new Route(method, route, requests + o.requests, clientErrors + o.clientErrors,
          serverErrors + o.serverErrors, sum);
    }
  }

  static Route route(Endpoint e, Endpoint.Meters m) {
    HistogramSnapshot s = m.latency.takeSnapshot();
    CountAtBucket[] counts = s.histogramCounts();
    long[] buckets = new long[BOUNDS_MS.length];
    for (int i = 0; i < buckets.length && i < counts.length; i++) {
      buckets[i] = (long) counts[i].count();
    }
    return new Route(e.method, e.route, s.count(), m.responses(Endpoint.statusClass(400)),
        m.responses(Endpoint.statusClass(500)), buckets);
  }

  static TenantFigures of(Instant since, List<Route> routes, long events, String model, String version) {
    return new TenantFigures(since, Instant.now(), sorted(routes), events, model, version, 1, 1);
  }

  private static List<Route> sorted(List<Route> routes) {
    return routes.stream().sorted(Comparator.comparing(Route::route).thenComparing(Route::method)).toList();
  }

  /**
   * The figures of several nodes as one: counts and buckets summed per route, the earliest start, the newest model
   * version any node serves (during a switch nodes may differ for a moment).
   */
  static TenantFigures merge(List<TenantFigures> parts, int nodesAsked) {
    Map<String, Route> byRoute = new LinkedHashMap<>();
    Instant since = Instant.now();
    long events = 0;
    String model = null;
    String version = null;
    for (TenantFigures f : parts) {
      for (Route r : f.routes) {
        byRoute.merge(r.method() + " " + r.route(), r, Route::plus);
      }
      since = f.since.isBefore(since) ? f.since : since;
      events += f.eventsIngested;
      if (f.model != null && (version == null || Long.parseLong(f.modelVersion) > Long.parseLong(version))) {
        model = f.model;
        version = f.modelVersion;
      }
    }
    return new TenantFigures(since, Instant.now(), sorted(new ArrayList<>(byRoute.values())), events, model, version,
        parts.size(), nodesAsked);
  }

  /**
   * The q-quantile in milliseconds from cumulative bucket counts, interpolating linearly inside the bucket that
   * holds rank {@code q * total} (from 0 for the first bucket); past the last finite bucket, that bucket's bound.
   */
  static double quantile(double[] boundsMs, long[] cumulative, long total, double q) {
    if (total == 0 || cumulative.length == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (int i = 0; i < cumulative.length && i < boundsMs.length; i++) {
      double bound = boundsMs[i];
      double count = cumulative[i];
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
    return Math.max(0.001, Duration.between(since, at).toMillis() / 1000.0);
  }

  /** The JSON the dashboard's script polls, which is also what nodes send each other (buckets included). */
  public JsonObject toJson() {
    JsonArray rows = new JsonArray();
    for (Route r : routes) {
      JsonArray buckets = new JsonArray();
      for (long b : r.buckets()) {
        buckets.add(b);
      }
      rows.add(new JsonObject().put("method", r.method()).put("route", r.route()).put("requests", r.requests())
          .put("clientErrors", r.clientErrors()).put("serverErrors", r.serverErrors())
          .put("errorRate", r.errorRate()).put("p50Ms", finite(r.quantileMs(0.50)))
          .put("p95Ms", finite(r.quantileMs(0.95))).put("p99Ms", finite(r.quantileMs(0.99)))
          .put("buckets", buckets));
    }
    return new JsonObject()
        .put("since", since.toString())
        .put("at", at.toString())
        .put("uptimeSeconds", uptimeSeconds())
        .put("nodes", nodes)
        .put("nodesAsked", nodesAsked)
        .put("nodesText", nodesText())
        .put("requests", requests())
        .put("eventsIngested", eventsIngested)
        .put("model", model == null ? null : new JsonObject().put("name", model).put("version", modelVersion))
        .put("routes", rows);
  }

  /** Figures another node sent ({@link #toJson}). */
  static TenantFigures fromJson(JsonObject json) {
    List<Route> routes = new ArrayList<>();
    for (Object o : json.getJsonArray("routes")) {
      JsonObject r = (JsonObject) o;
      JsonArray b = r.getJsonArray("buckets");
      long[] buckets = new long[b.size()];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = b.getLong(i);
      }
      routes.add(new Route(r.getString("method"), r.getString("route"), r.getLong("requests"),
          r.getLong("clientErrors"), r.getLong("serverErrors"), buckets));
    }
    JsonObject model = json.getJsonObject("model");
    return new TenantFigures(Instant.parse(json.getString("since")), Instant.parse(json.getString("at")), routes,
        json.getLong("eventsIngested"), model == null ? null : model.getString("name"),
        model == null ? null : model.getString("version"), json.getInteger("nodes"), json.getInteger("nodesAsked"));
  }

  /** The same figures as maps and display strings, for the Thymeleaf page. */
  public Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("since", since.truncatedTo(ChronoUnit.SECONDS).toString());
    v.put("nodes", nodesText());
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
      row.put("rate", String.format(Locale.ROOT, "%.2f", r.requests() / uptime));
      row.put("errorRate", String.format(Locale.ROOT, "%.1f %%", 100 * r.errorRate()));
      row.put("clientErrors", r.clientErrors());
      row.put("serverErrors", r.serverErrors());
      row.put("p50", millis(r.quantileMs(0.50)));
      row.put("p95", millis(r.quantileMs(0.95)));
      row.put("p99", millis(r.quantileMs(0.99)));
      return row;
    }).toList());
    return v;
  }

  /** Whose figures these are, for the page: "this node", "all 3 nodes", "2 of 3 nodes (...)". */
  public String nodesText() {
    if (nodesAsked <= 1) {
      return "this node";
    }
    return nodes == nodesAsked ? "all " + nodes + " nodes"
        : nodes + " of " + nodesAsked + " nodes (the others did not answer in time)";
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static String millis(double v) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f ms" : "%.0f ms", v);
  }
}
