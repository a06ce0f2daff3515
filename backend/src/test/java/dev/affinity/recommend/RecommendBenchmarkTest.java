package dev.affinity.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.affinity.recommend.model.PlantedData;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size the brief names — 3,000 users × 3,000 items × 100,000 events — trained and served on a real
 * node, logging training time and sequential request latency. A measurement, not a timed assertion; run
 * it with {@code -Daffinity.bench=true}.
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "affinity.bench", matches = "true")
class RecommendBenchmarkTest {
  private static final Logger LOG = LoggerFactory.getLogger(RecommendBenchmarkTest.class);
  static final int USERS = 3000;
  static final int ITEMS = 3000;
  static final int EVENTS = 100_000;
  static final int GROUPS = 10;

  /** Users in 10 taste groups; 80% of events in the own group with a skewed popularity, 20% anywhere. */
  static List<PlantedData.Event> events(long seed) {
    Random r = new Random(seed);
    String[] types = {"view", "view", "view", "click", "click", "cart", "like", "purchase", "rating", "dislike"};
    List<PlantedData.Event> out = new ArrayList<>(EVENTS);
    int perGroup = ITEMS / GROUPS;
    for (int e = 0; e < EVENTS; e++) {
      int u = r.nextInt(USERS);
      int item = r.nextDouble() < 0.8
          ? (u % GROUPS) * perGroup + (int) (perGroup * Math.pow(r.nextDouble(), 2))
          : r.nextInt(ITEMS);
      String type = types[r.nextInt(types.length)];
      out.add(new PlantedData.Event("user" + u, String.format("item%04d", item), type,
          type.equals("rating") ? (double) (1 + r.nextInt(5)) : null, r.nextInt(1000)));
    }
    return out;
  }

  @Test
  void trainAndServeAtTheBriefsSize() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      TestTenant t = node.createTenant("bench");
      for (int start = 0; start < ITEMS; start += 1000) {
        JsonArray batch = new JsonArray();
        for (int i = start; i < start + 1000; i++) {
          batch.add(new JsonObject().put("id", String.format("item%04d", i)));
        }
        assertEquals(200, http.post("/v1/items", t.apiKey(), batch.encode()).status());
      }
      RecommendFixtures.eventsBySql(node, t.id(), events(99));

      long t0 = System.nanoTime();
      JsonObject job = RecommendFixtures.train(http, t.apiKey(), "{\"model\":\"item-knn\"}");
      double wall = (System.nanoTime() - t0) / 1e9;
      assertEquals("succeeded", job.getString("state"), job.encode());
      JsonObject model = http.get("/v1/models", t.apiKey()).json().getJsonArray("models").getJsonObject(0);
      LOG.info("BENCH item-knn training: job wall {} s, train_seconds {} s, metrics {}", String.format("%.2f", wall),
          String.format("%.2f", model.getDouble("trainSeconds")), model.getJsonObject("metrics").encode());

      Random r = new Random(1);
      latency(http, "/health/live", null, 1000);
      latency(http, "/v1/items/popular?count=10", t.apiKey(), 1000);
      latency(http, "/v1/users/user%d/recommendations?count=10", t.apiKey(), 3000);
    }
  }

  /** Sequential GETs (after a warm-up), {@code %d} in the path replaced by a random user number. */
  private static void latency(Http http, String path, String key, int n) {
    Random r = new Random(1);
    long[] nanos = new long[n];
    for (int i = -500; i < n; i++) {
      long s = System.nanoTime();
      Http.Response resp = http.get(path.replace("%d", Integer.toString(r.nextInt(USERS))), key);
      if (i >= 0) {
        nanos[i] = System.nanoTime() - s;
      }
      assertEquals(200, resp.status(), resp.toString());
    }
    Arrays.sort(nanos);
    LOG.info("BENCH {} ({} sequential): p50 {} ms, p90 {} ms, p99 {} ms, max {} ms", path, n,
        ms(nanos[n / 2]), ms(nanos[n * 9 / 10]), ms(nanos[n * 99 / 100]), ms(nanos[n - 1]));
  }

  private static String ms(long nanos) {
    return String.format("%.2f", nanos / 1e6);
  }
}
