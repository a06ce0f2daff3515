package dev.affinity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Route templates for labels, and percentiles estimated from cumulative buckets. */
class RouteTemplatesTest {
  private final RouteTemplates templates = RouteTemplates.of(
      List.of("/", "/v1/items", "/v1/items/popular", "/v1/items/:itemId", "/v1/items/:itemId/similar",
          "/v1/users/:userId/recommendations", "/dashboard", "/dashboard/api-keys/:keyId/revoke", "/metrics"),
      List.of("/static/", "/dashboard", "/docs/assets/"));

  @Test
  void literalSegmentsBeatParametersAndParametersKeepTheirNames() {
    assertEquals("/v1/items/popular", templates.match("/v1/items/popular"));
    assertEquals("/v1/items/{itemId}", templates.match("/v1/items/a-42"));
    assertEquals("/v1/items/{itemId}/similar", templates.match("/v1/items/popular/similar"),
        "the literal branch dead-ends, so the parameter branch is tried");
    assertEquals("/v1/users/{userId}/recommendations", templates.match("/v1/users/u%201/recommendations"));
    assertEquals("/v1/items", templates.match("/v1/items/"), "a trailing slash is the same route");
    assertEquals("/", templates.match("/"));
    assertEquals("/dashboard/api-keys/{keyId}/revoke", templates.match("/dashboard/api-keys/k1/revoke"));
  }

  @Test
  void prefixesCatchTheRestAndEverythingElseIsUnmatched() {
    assertEquals("/static/*", templates.match("/static/js/metrics.js"));
    assertEquals("/docs/assets/*", templates.match("/docs/assets/swagger-ui.css"));
    assertEquals("/dashboard", templates.match("/dashboard"));
    assertEquals("/dashboard*", templates.match("/dashboard/no-such-page"));
    assertEquals(RouteTemplates.UNMATCHED, templates.match("/v1/users/u1"));
    assertEquals(RouteTemplates.UNMATCHED, templates.match("/v1/users//recommendations"));
    assertEquals(RouteTemplates.UNMATCHED, templates.match("/wp-admin/setup.php"));
    assertEquals(RouteTemplates.UNMATCHED, templates.match(""));
    assertEquals(RouteTemplates.UNMATCHED, templates.match(null));
  }

  @Test
  void quantilesInterpolateInsideTheBucketLikePrometheus() {
    // 100 requests: 50 up to 1 ms, 40 more up to 10 ms, 10 more up to 100 ms (cumulative counts, bounds in ns)
    CountAtBucket[] b = {new CountAtBucket(1e6, 50), new CountAtBucket(1e7, 90), new CountAtBucket(1e8, 100)};
    assertEquals(1.0, TenantFigures.quantile(b, 100, 0.50), 1e-9);
    assertEquals(0.5, TenantFigures.quantile(b, 100, 0.25), 1e-9);
    assertEquals(55.0, TenantFigures.quantile(b, 100, 0.95), 1e-9);
    assertEquals(91.0, TenantFigures.quantile(b, 100, 0.99), 1e-9);
    assertEquals(100.0, TenantFigures.quantile(b, 120, 0.99), 1e-9, "past the last bucket: its bound");
    assertEquals(Double.NaN, TenantFigures.quantile(b, 0, 0.5));
  }
}
