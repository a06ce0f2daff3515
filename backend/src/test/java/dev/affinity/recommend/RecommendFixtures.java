package dev.affinity.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.affinity.recommend.model.PlantedData;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import io.vertx.sqlclient.Tuple;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.List;

/**
 * Test data through the real API: a planted catalogue (items a000.. in category "alpha", b000.. in
 * "beta") and the planted two-group events of {@link PlantedData}, plus polling a training job.
 */
final class RecommendFixtures {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private RecommendFixtures() {
  }

  /** Upserts items of both groups; {@code inactive} ids are stored with active=false. */
  static void items(Http http, String key, int perGroup, String... inactive) {
    JsonArray batch = new JsonArray();
    for (String group : new String[] {"a", "b"}) {
      for (int i = 0; i < perGroup; i++) {
        String id = String.format("%s%03d", group, i);
        batch.add(new JsonObject().put("id", id)
            .put("categories", new JsonArray().add(group.equals("a") ? "alpha" : "beta").add("all"))
            .put("active", !List.of(inactive).contains(id)));
      }
    }
    Http.Response r = http.post("/v1/items", key, batch.encode());
    assertEquals(200, r.status(), r.toString());
  }

  /**
   * Stores the events with SQL (one statement), timestamps increasing by event index per user. Used while
   * {@code POST /v1/events} is not usable in this build; {@link #events} is the API path.
   */
  static void eventsBySql(TestNode node, String tenantId, List<PlantedData.Event> events) {
    int n = events.size();
    String[] users = new String[n];
    String[] items = new String[n];
    String[] types = new String[n];
    Double[] values = new Double[n];
    OffsetDateTime[] ts = new OffsetDateTime[n];
    for (int k = 0; k < n; k++) {
      PlantedData.Event e = events.get(k);
      users[k] = e.user();
      items[k] = e.item();
      types[k] = e.type();
      values[k] = e.value();
      ts[k] = T0.plusSeconds(3600L * e.day()).atOffset(ZoneOffset.UTC);
    }
    node.node().services().pool().preparedQuery("insert into events (tenant_id, user_id, item_id, type, value, ts) "
            + "select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[])")
        .execute(Tuple.tuple().addUUID(UUID.fromString(tenantId)).addArrayOfString(users).addArrayOfString(items)
            .addArrayOfString(types).addArrayOfDouble(values).addArrayOfOffsetDateTime(ts))
        .await();
  }

  /** Sends the events through {@code POST /v1/events}, timestamps increasing by event index per user. */
  static void events(Http http, String key, List<PlantedData.Event> events) {
    JsonArray batch = new JsonArray();
    for (PlantedData.Event e : events) {
      JsonObject o = new JsonObject().put("userId", e.user()).put("itemId", e.item()).put("type", e.type())
          .put("timestamp", T0.plusSeconds(3600L * e.day()).toString());
      if (e.value() != null) {
        o.put("value", e.value());
      }
      batch.add(o);
      if (batch.size() == 5000) {
        post(http, key, batch);
        batch = new JsonArray();
      }
    }
    if (!batch.isEmpty()) {
      post(http, key, batch);
    }
  }

  private static void post(Http http, String key, JsonArray batch) {
    Http.Response r = http.post("/v1/events", key, batch.encode());
    assertEquals(200, r.status(), r.toString());
  }

  /** Starts a training and waits for the job to finish; returns the final job. */
  static JsonObject train(Http http, String key, String body) {
    Http.Response r = http.post("/v1/models/train", key, body);
    assertEquals(202, r.status(), r.toString());
    return awaitJob(http, key, r.json().getString("jobId"));
  }

  static JsonObject awaitJob(Http http, String key, String jobId) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      Http.Response job = http.get("/v1/models/jobs/" + jobId, key);
      assertEquals(200, job.status(), job.toString());
      String state = job.json().getString("state");
      if (state.equals("succeeded") || state.equals("failed")) {
        return job.json();
      }
      sleep(50);
    }
    return fail("training job " + jobId + " did not finish within 60 s");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
