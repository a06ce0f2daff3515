package dev.affinity.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One route as clients call it (method and template) and its meters per caller. The meters are registered once,
 * on the first request of a caller, and kept here: a request then costs one hash look-up by the caller's
 * {@code TenantId} (no tag array built, no registry search), a timer record and a counter increment.
 */
final class Endpoint {
  static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

  /** A caller's meters on this endpoint. Status-class counters appear on first use, so no series sits at 0. */
  final class Meters {
    final String tenant;
    final Timer latency;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(STATUS_CLASSES.length);

    private Meters(String tenant) {
      this.tenant = tenant;
      this.latency = Timer.builder(NodeMetrics.REQUESTS)
          .description("Time from the first byte of a request to the end of its response, by caller and route")
          .tags(NodeMetrics.TENANT, tenant, NodeMetrics.METHOD, method, NodeMetrics.ROUTE, route)
          .serviceLevelObjectives(NodeMetrics.LATENCY_BUCKETS)
          .register(registry);
    }

    void record(int status, long nanos) {
      latency.record(nanos, TimeUnit.NANOSECONDS);
      int c = statusClass(status);
      Counter counter = byStatus.get(c);
      if (counter == null) {
        // a race registers the same id twice, and the registry answers both with the one counter
        counter = Counter.builder(NodeMetrics.RESPONSES)
            .description("Responses by caller, route and status class (4xx and 5xx are the error rates)")
            .tags(NodeMetrics.TENANT, tenant, NodeMetrics.METHOD, method, NodeMetrics.ROUTE, route,
                NodeMetrics.STATUS, STATUS_CLASSES[c])
            .register(registry);
        byStatus.set(c, counter);
      }
      counter.increment();
    }

    /** Responses of a status class so far ({@link #STATUS_CLASSES} index). */
    long responses(int statusClass) {
      Counter counter = byStatus.get(statusClass);
      return counter == null ? 0 : (long) counter.count();
    }
  }

  final String method;
  final String route;
  private final MeterRegistry registry;
  private final ConcurrentHashMap<Object, Meters> byCaller = new ConcurrentHashMap<>();

  Endpoint(MeterRegistry registry, String method, String route) {
    this.registry = registry;
    this.method = method;
    this.route = route;
  }

  /**
   * The caller's meters, registered on first use; {@code key} is a {@code TenantId} or a fixed caller name, and its
   * {@code toString()} is the tag value (computed only then, not per request).
   */
  Meters meters(Object key) {
    Meters m = byCaller.get(key);
    return m != null ? m : byCaller.computeIfAbsent(key, k -> new Meters(k.toString()));
  }

  /** The caller's meters, or null when the caller never called this endpoint on this node. */
  Meters existing(Object key) {
    return byCaller.get(key);
  }

  Collection<Meters> all() {
    return byCaller.values();
  }

  static int statusClass(int status) {
    return status >= 100 && status < 600 ? status / 100 - 1 : STATUS_CLASSES.length - 1;
  }
}
