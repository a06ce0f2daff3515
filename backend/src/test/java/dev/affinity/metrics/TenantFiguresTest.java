package dev.affinity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Percentiles estimated from cumulative buckets, and figures of several nodes merged into one. */
class TenantFiguresTest {
  @Test
  void quantilesInterpolateInsideTheBucketLikePrometheus() {
    // 100 requests: 50 up to 1 ms, 40 more up to 10 ms, 10 more up to 100 ms (cumulative counts, bounds in ns)
    double[] bounds = {1, 10, 100};
    long[] b = {50, 90, 100};
    assertEquals(1.0, TenantFigures.quantile(bounds, b, 100, 0.50), 1e-9);
    assertEquals(0.5, TenantFigures.quantile(bounds, b, 100, 0.25), 1e-9);
    assertEquals(55.0, TenantFigures.quantile(bounds, b, 100, 0.95), 1e-9);
    assertEquals(91.0, TenantFigures.quantile(bounds, b, 100, 0.99), 1e-9);
    assertEquals(100.0, TenantFigures.quantile(bounds, b, 120, 0.99), 1e-9, "past the last bucket: its bound");
    assertEquals(Double.NaN, TenantFigures.quantile(bounds, b, 0, 0.5));
  }

  @Test
  void figuresOfTwoNodesMergeExactly() {
    java.time.Instant t0 = java.time.Instant.parse("2026-11-22T10:00:00Z");
    long[] fast = new long[TenantFigures.BOUNDS_MS.length];
    long[] slow = new long[TenantFigures.BOUNDS_MS.length];
    for (int i = 0; i < fast.length; i++) {
      fast[i] = 90; // all 90 requests within the first bucket (0.25 ms)
      slow[i] = TenantFigures.BOUNDS_MS[i] >= 50 ? 10 : 0; // 10 requests between 25 and 50 ms
    }
    TenantFigures a = new TenantFigures(t0, t0.plusSeconds(60), List.of(
        new TenantFigures.Route("GET", "/v1/items/popular", 90, 1, 0, fast)), 5, "item-knn", "2", 1, 1);
    TenantFigures b = new TenantFigures(t0.minusSeconds(30), t0.plusSeconds(60), List.of(
        new TenantFigures.Route("GET", "/v1/items/popular", 10, 0, 2, slow),
        new TenantFigures.Route("POST", "/v1/events", 3, 0, 0, fast)), 7, "item-knn", "3", 1, 1);
    TenantFigures both = TenantFigures.merge(List.of(a, TenantFigures.fromJson(b.toJson())), 3);
    assertEquals(List.of("/v1/events", "/v1/items/popular"), both.routes().stream().map(TenantFigures.Route::route)
        .toList());
    TenantFigures.Route popular = both.routes().get(1);
    assertEquals(100, popular.requests());
    assertEquals(0.03, popular.errorRate(), 1e-9);
    assertEquals(0.25 * 50 / 90, popular.quantileMs(0.5), 1e-9, "the median is in the fast node's bucket");
    assertEquals(37.5, popular.quantileMs(0.95), 1e-9, "the slow node's tail shows in the merged p95");
    assertEquals(12, both.eventsIngested());
    assertEquals("3", both.modelVersion(), "the newest version any node serves");
    assertEquals(t0.minusSeconds(30), both.since());
    assertEquals("2 of 3 nodes (the others did not answer in time)", both.nodesText());
  }
}
