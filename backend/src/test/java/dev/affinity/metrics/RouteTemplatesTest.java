package dev.affinity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Route templates for labels: literal segments, parameters, prefixes and the one label for unknown paths. */
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
}
