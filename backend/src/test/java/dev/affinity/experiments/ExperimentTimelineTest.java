package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.experiments.exposure.ExposureLog;
import dev.affinity.http.ApiProblem;
import dev.affinity.tenants.TenantId;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The results over time: exposures written through the real {@link ExposureLog} at known hours, clicks and
 * purchases through {@code POST /v1/events}, read back through {@link ExperimentService#timeline}. Outcomes land in
 * their exposure's bucket, empty hours carry the totals forward, and the last cumulative point is exactly the
 * results table.
 */
class ExperimentTimelineTest {
  static TestNode node;
  static ExperimentService service;
  static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);
  static final Duration WINDOW = Duration.ofHours(24);

  @BeforeAll
  static void start() {
    node = TestNode.start();
    service = node.node().feature(ExperimentsFeature.class).orElseThrow().service();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS);
  }

  /** A started 50/50 A/B experiment (A is control), through the API. */
  private static String experiment(TestTenant t) {
    var created = node.http().post("/v1/experiments", t.apiKey(), Bodies.ab("timeline", "home", 1.0).encode());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    assertEquals(200, node.http().post("/v1/experiments/" + id + "/start", t.apiKey(), "").status());
    return id;
  }

  private static Instant at(int hoursAgo, int minutes) {
    return HOUR.minus(hoursAgo, ChronoUnit.HOURS).plus(minutes, ChronoUnit.MINUTES);
  }

  @Test
  void cumulativePerHourEndsAtTheResultsTable() throws Exception {
    TestTenant t = node.createTenant("exp-timeline");
    TenantId tenant = TenantId.parse(t.id()).orElseThrow();
    String id = experiment(t);
    ExposureLog log = new ExposureLog(node.node().vertx(), node.node().services().pool());
    // 3 hours ago: A 4 exposures, B 2; 2 hours ago: B 3 (A none); 1 hour ago: A 2
    for (int i = 0; i < 4; i++) {
      log.record(tenant, "a3-" + i, id, "A", "ua" + i, at(3, 5 + i));
    }
    for (int i = 0; i < 2; i++) {
      log.record(tenant, "b3-" + i, id, "B", "ub" + i, at(3, 10 + i));
    }
    for (int i = 0; i < 3; i++) {
      log.record(tenant, "b2-" + i, id, "B", "ub" + (2 + i), at(2, 20 + i));
    }
    for (int i = 0; i < 2; i++) {
      log.record(tenant, "a1-" + i, id, "A", "ua" + (4 + i), at(1, 30 + i));
    }
    log.close().await(30, TimeUnit.SECONDS);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JsonArray events = new JsonArray()
        // clicked later, but counted in the hour of the exposure they came from
        .add(ExperimentResultsApiTest.event("ua0", "click", "a3-0", now))
        .add(ExperimentResultsApiTest.event("ua0", "click", "a3-0", now)) // one clicked exposure, however many clicks
        .add(ExperimentResultsApiTest.event("ub0", "click", "b3-0", now))
        .add(ExperimentResultsApiTest.event("ub1", "purchase", "b3-1", now))
        .add(ExperimentResultsApiTest.event("ub2", "click", "b2-0", now))
        .add(ExperimentResultsApiTest.event("ub3", "click", "b2-1", now))
        // no recommendation id: goes to ua4's latest exposure (an hour ago) through the window
        .add(ExperimentResultsApiTest.event("ua4", "click", null, at(1, 45)));
    assertEquals(200, node.http().post("/v1/events", t.apiKey(), events.encode()).status());

    JsonObject timeline = await(service.timeline(tenant, id, WINDOW, "hour"));
    assertEquals("hour", timeline.getString("bucket"));
    assertEquals("ctr", timeline.getString("primaryMetric"));
    JsonArray points = timeline.getJsonArray("points");
    assertEquals(3, points.size(), "3, 2 and 1 hours ago, the empty hour for A included: " + points.encode());
    assertEquals(at(3, 0).toString(), points.getJsonObject(0).getString("at"));
    assertEquals(at(1, 0).toString(), points.getJsonObject(2).getString("at"));

    assertPoint(points.getJsonObject(0), "A", 4, 1, 0);
    assertPoint(points.getJsonObject(0), "B", 2, 1, 1);
    assertPoint(points.getJsonObject(1), "A", 4, 1, 0); // carried forward
    assertPoint(points.getJsonObject(1), "B", 5, 3, 1);
    assertPoint(points.getJsonObject(2), "A", 6, 2, 0);
    assertPoint(points.getJsonObject(2), "B", 5, 3, 1);

    JsonObject first = variant(points.getJsonObject(0), "B");
    assertEquals(0.5, first.getJsonObject("ctr").getDouble("value"), 1e-12);
    assertTrue(first.getJsonObject("ctr").getDouble("low") < 0.5 && first.getJsonObject("ctr").getDouble("high") > 0.5);
    assertEquals(0.5 / 0.25 - 1, first.getJsonObject("uplift").getDouble("value"), 1e-9, "uplift on CTR over A");
    assertNull(variant(points.getJsonObject(0), "A").getValue("uplift"), "the control has no uplift");

    JsonObject results = await(service.results(tenant, id, WINDOW));
    for (String v : new String[] {"A", "B"}) {
      JsonObject last = variant(points.getJsonObject(2), v);
      JsonObject table = ExperimentResultsApiTest.variant(results, v);
      assertEquals(table.getLong("exposures"), last.getLong("exposures"), v);
      assertEquals(table.getLong("clicks"), last.getLong("clicks"), v);
      assertEquals(table.getLong("conversions"), last.getLong("conversions"), v);
      assertEquals(table.getJsonObject("ctr"), last.getJsonObject("ctr"), v);
      assertEquals(table.getValue("uplift"), last.getValue("uplift"), v);
    }

    JsonObject daily = await(service.timeline(tenant, id, WINDOW, "day"));
    assertEquals("day", daily.getString("bucket"));
    JsonArray days = daily.getJsonArray("points");
    assertTrue(days.size() == 1 || days.size() == 2, "three hours span at most two UTC days: " + days.encode());
    assertPoint(days.getJsonObject(days.size() - 1), "A", 6, 2, 0);
    assertPoint(days.getJsonObject(days.size() - 1), "B", 5, 3, 1);
    assertEquals("hour", await(service.timeline(tenant, id, WINDOW, null)).getString("bucket"),
        "a young experiment is charted by hour");
  }

  @Test
  void anExperimentWithoutTrafficHasNoPoints() throws Exception {
    TestTenant t = node.createTenant("exp-timeline-empty");
    TenantId tenant = TenantId.parse(t.id()).orElseThrow();
    String id = experiment(t);
    JsonObject timeline = await(service.timeline(tenant, id, WINDOW, null));
    assertEquals(0, timeline.getJsonArray("points").size());
  }

  @Test
  void anotherTenantsExperimentIsNotFoundAndABadBucketIsRefused() throws Exception {
    TestTenant owner = node.createTenant("exp-timeline-owner");
    TestTenant other = node.createTenant("exp-timeline-other");
    String id = experiment(owner);
    TenantId otherId = TenantId.parse(other.id()).orElseThrow();
    Throwable notFound = awaitFailure(service.timeline(otherId, id, WINDOW, null));
    assertEquals(404, assertInstanceOf(ApiProblem.class, notFound).status());
    Throwable bad = awaitFailure(service.timeline(TenantId.parse(owner.id()).orElseThrow(), id, WINDOW, "week"));
    assertEquals(400, assertInstanceOf(ApiProblem.class, bad).status());
  }

  private static Throwable awaitFailure(Future<?> f) throws Exception {
    try {
      f.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return e instanceof ApiProblem || e.getCause() == null ? e : e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  private static JsonObject variant(JsonObject point, String name) {
    for (Object o : point.getJsonArray("variants")) {
      JsonObject v = (JsonObject) o;
      if (v.getString("name").equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variant " + name + " in " + point.encode());
  }

  private static void assertPoint(JsonObject point, String name, long exposures, long clicks, long conversions) {
    JsonObject v = variant(point, name);
    assertEquals(exposures, v.getLong("exposures"), point.encode());
    assertEquals(clicks, v.getLong("clicks"), point.encode());
    assertEquals(conversions, v.getLong("conversions"), point.encode());
  }
}
