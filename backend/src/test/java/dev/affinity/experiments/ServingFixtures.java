package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A tenant's catalogue, past views and trained models through the real API, for experiment serving tests. */
final class ServingFixtures {
  private ServingFixtures() {
  }

  static void ok(Http.Response r) {
    assertTrue(r.status() / 100 == 2, r.toString());
  }

  /** {@code items} items "i0".. and three past views per user "u0".., so training has co-occurrences. */
  static void plant(Http http, String key, int users, int items) {
    JsonArray catalogue = new JsonArray();
    for (int i = 0; i < items; i++) {
      catalogue.add(new JsonObject().put("id", "i" + i).put("categories", new JsonArray().add("all"))
          .put("active", true));
    }
    ok(http.post("/v1/items", key, catalogue.encode()));
    Instant past = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonArray events = new JsonArray();
    for (int u = 0; u < users; u++) {
      for (int k = 0; k < 3; k++) {
        events.add(new JsonObject().put("userId", "u" + u).put("itemId", "i" + ((u + k * 3) % items))
            .put("type", "view").put("timestamp", past.toString()));
      }
    }
    ok(http.post("/v1/events", key, events.encode()));
  }

  /** Trains {@code model} and waits for it; the new version. */
  static long train(Http http, String key, String model) throws InterruptedException {
    Http.Response r = http.post("/v1/models/train", key, "{\"model\":\"" + model + "\"}");
    assertEquals(202, r.status(), r.toString());
    String job = r.json().getString("jobId");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonObject j = http.get("/v1/models/jobs/" + job, key).json();
      if (j.getString("state").equals("succeeded")) {
        return j.getLong("version");
      }
      assertTrue(!j.getString("state").equals("failed"), "training failed: " + j.encode());
      Thread.sleep(50);
    }
    throw new AssertionError("training did not finish");
  }
}
