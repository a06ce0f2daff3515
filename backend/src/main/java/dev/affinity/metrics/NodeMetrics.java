package dev.affinity.metrics;

import dev.affinity.tenants.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's operational metrics, in its Micrometer registry (the one Prometheus scrapes at {@code /metrics}):
 * <ul>
 *   <li>{@code affinity_http_requests_seconds} — latency histogram by {@code tenant}, {@code method} and
 *       {@code route} (the route <em>template</em>);</li>
 *   <li>{@code affinity_http_responses_total} — responses by the same tags plus {@code status} class
 *       ({@code 2xx}, {@code 4xx}, {@code 5xx}, ...): request counts and error rates;</li>
 *   <li>{@code affinity_events_ingested_total} — events accepted by {@code POST /v1/events}, by {@code tenant};</li>
 *   <li>{@code affinity_model_info} — 1 for the model this node serves each {@code tenant}, with {@code model} and
 *       {@code version} tags (an "info" metric: the tags are the value; the old series goes when the model
 *       switches).</li>
 * </ul>
 *
 * <p><b>Histogram buckets, not client-side percentiles.</b> Latency is recorded into fixed service-level buckets
 * ({@link #LATENCY_BUCKETS}, 0.25 ms to 10 s), exposed as Prometheus {@code _bucket} counters. Buckets add up
 * across nodes and over time, so {@code histogram_quantile(0.99, sum by (le, route) (rate(..._bucket[5m])))} is a
 * true cluster-wide p99; percentiles computed inside each node (Micrometer's {@code publishPercentiles}) cannot be
 * averaged into one, and cost a rotating HDR histogram per series. Why these fixed buckets rather than
 * Micrometer's percentile histogram: that one exposes about 70 buckets per series between 1 ms and 30 s, which
 * times tenants and routes is too many series; 15 buckets, dense around the serving goal (p99 under 10 ms) and
 * sub-millisecond where cached answers sit, keep the estimate within one bucket width where it matters.
 *
 * <p><b>Bounded labels.</b> {@code route} is a template from the router or {@code unmatched}; {@code method} is one
 * of eight values; {@code tenant} is a tenant id only when the request carried a verified tenant credential, else
 * {@code none} (anonymous, dashboard pages, health) or {@code operator}. So the series count is at most
 * tenants × routes × methods × status classes, whatever paths clients invent.
 */
public final class NodeMetrics {
  static final String REQUESTS = "affinity.http.requests";
  static final String RESPONSES = "affinity.http.responses";
  static final String EVENTS = "affinity.events.ingested";
  static final String MODEL = "affinity.model.info";
  static final String TENANT = "tenant";
  static final String METHOD = "method";
  static final String ROUTE = "route";
  static final String STATUS = "status";
  /** Caller tag of requests without a verified tenant credential. */
  static final String NO_TENANT = "none";
  static final String OPERATOR = "operator";
  static final Duration[] LATENCY_BUCKETS = {
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "OTHER"};

  private final MeterRegistry registry;
  private final Instant started = Instant.now();
  /** Endpoints by route template, then by method index ({@link #METHODS}); shared by all event loops. */
  private final ConcurrentHashMap<String, Endpoint[]> endpoints = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TenantId, Counter> events = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TenantId, Gauge> models = new ConcurrentHashMap<>();

  public NodeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A fresh root handler for one HTTP verticle; bind it to the finished router before listening. */
  public RequestMetricsHandler requestHandler() {
    return new RequestMetricsHandler(this);
  }

  /** Counts events the tenant's batch stored (not replays of an idempotent batch: those were counted once). */
  public void eventsIngested(TenantId tenant, int accepted) {
    Counter c = events.get(tenant);
    if (c == null) {
      c = events.computeIfAbsent(tenant, t -> Counter.builder(EVENTS)
          .description("Events accepted by POST /v1/events and committed, by tenant")
          .tag(TENANT, t.toString())
          .register(registry));
    }
    c.increment(accepted);
  }

  /**
   * Records which model this node now serves the tenant. Called on every switch (and on a lazy first load), so
   * the info series of the previous model is removed: one series per tenant, whatever the number of versions.
   * Notices of one tenant can arrive out of order (two switches racing); as in the model registry, an older
   * version never replaces a newer one.
   */
  public synchronized void modelServed(TenantId tenant, String model, long version) {
    String v = Long.toString(version);
    Gauge old = models.get(tenant);
    if (old != null && Long.parseLong(old.getId().getTag("version")) >= version) {
      return;
    }
    if (old != null) {
      registry.remove(old);
    }
    models.put(tenant, Gauge.builder(MODEL, () -> 1)
        .description("1 for the model (name and version tags) this node serves the tenant")
        .tags(TENANT, tenant.toString(), "model", model, "version", v)
        .register(registry));
  }

  /** The endpoint for a route template and method index, created on first use. */
  Endpoint endpoint(String template, int method) {
    Endpoint[] byMethod = endpoints.get(template);
    if (byMethod == null) {
      byMethod = endpoints.computeIfAbsent(template, t -> new Endpoint[METHODS.length]);
    }
    Endpoint e = byMethod[method];
    if (e == null) {
      synchronized (byMethod) {
        e = byMethod[method];
        if (e == null) {
          e = new Endpoint(registry, METHODS[method], template);
          byMethod[method] = e;
        }
      }
    }
    return e;
  }

  static int methodIndex(HttpMethod m) {
    return switch (m.name()) {
      case "GET" -> 0;
      case "POST" -> 1;
      case "PUT" -> 2;
      case "DELETE" -> 3;
      case "PATCH" -> 4;
      case "HEAD" -> 5;
      case "OPTIONS" -> 6;
      default -> 7;
    };
  }

  /** What this node has recorded for one tenant, for the dashboard (never another tenant's figures). */
  public TenantFigures figures(TenantId tenant) {
    List<TenantFigures.Route> routes = new ArrayList<>();
    for (Endpoint[] byMethod : endpoints.values()) {
      for (Endpoint e : byMethod) {
        Endpoint.Meters m = e == null ? null : e.existing(tenant);
        if (m != null) {
          routes.add(TenantFigures.route(e, m));
        }
      }
    }
    Counter ingested = events.get(tenant);
    Gauge model = models.get(tenant);
    return TenantFigures.of(started, routes, ingested == null ? 0 : (long) ingested.count(),
        model == null ? null : model.getId().getTag("model"),
        model == null ? null : model.getId().getTag("version"));
  }
}
