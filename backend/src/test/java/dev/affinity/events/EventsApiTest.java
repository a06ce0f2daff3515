package dev.affinity.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TableCounts;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/events} through the real HTTP API: storage, validation, idempotency and erasure. */
class EventsApiTest {
  private static final Logger LOG = LoggerFactory.getLogger(EventsApiTest.class);
  static final String[] TYPES = {"view", "click", "cart", "purchase", "rating", "like", "dislike"};
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A batch of {@code n} valid events over a few users and items, from a fixed seed. */
  static JsonArray events(int n, long seed) {
    Random random = new Random(seed);
    JsonArray batch = new JsonArray();
    for (int i = 0; i < n; i++) {
      String type = TYPES[random.nextInt(TYPES.length)];
      JsonObject e = new JsonObject().put("userId", "u" + random.nextInt(50)).put("itemId", "i" + random.nextInt(200))
          .put("type", type);
      if (type.equals("rating")) {
        e.put("value", 1 + random.nextInt(5));
      }
      if (random.nextBoolean()) {
        e.put("timestamp", "2026-11-" + (10 + random.nextInt(10)) + "T08:30:00Z");
      }
      if (random.nextInt(4) == 0) {
        e.put("recommendationId", "rec-" + random.nextInt(1000));
      }
      batch.add(e);
    }
    return batch;
  }

  static Http.Response post(TestTenant t, String body, String idempotencyKey) {
    Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
    return http.send("POST", "/v1/events", t.apiKey(), body, headers);
  }

  static long eventsOf(TestTenant t, String userId) {
    Http.Response r = http.get("/v1/users/" + userId, t.apiKey());
    return r.status() == 404 ? 0 : r.json().getLong("events");
  }

  @Test
  void eventsAreStoredAndCreateTheirUsersAndItems() {
    TestTenant t = node.createTenant("events");
    String body = "[{\"userId\":\"ann\",\"itemId\":\"book-1\",\"type\":\"view\"},"
        + "{\"userId\":\"ann\",\"itemId\":\"book-2\",\"type\":\"rating\",\"value\":4.5,"
        + "\"timestamp\":\"2026-11-22T10:00:00+02:00\",\"recommendationId\":\"r-1\"},"
        + "{\"userId\":\"bob\",\"itemId\":\"book-1\",\"type\":\"purchase\",\"value\":19.99}]";
    Http.Response r = post(t, body, null);
    assertEquals(200, r.status(), r.toString());
    assertEquals(new JsonObject().put("accepted", 3), r.json());
    assertEquals(2, eventsOf(t, "ann"));
    assertEquals(1, eventsOf(t, "bob"));
    assertEquals(200, http.get("/v1/items/book-2", t.apiKey()).status());
    assertTrue(http.get("/v1/items/book-2", t.apiKey()).json().getBoolean("active"));
    assertEquals(2, TableCounts.count("items", t.id()));
    assertEquals(2, TableCounts.count("users", t.id()));
    assertEquals(3, TableCounts.count("events", t.id()));

    // known users and items are reused, not duplicated or overwritten
    assertEquals(200, http.post("/v1/users", t.apiKey(), "[{\"id\":\"ann\",\"attributes\":{\"vip\":true}}]").status());
    assertEquals(200, post(t, "[{\"userId\":\"ann\",\"itemId\":\"book-3\",\"type\":\"like\"}]", null).status());
    assertEquals(true, http.get("/v1/users/ann", t.apiKey()).json().getJsonObject("attributes").getBoolean("vip"));
    assertEquals(3, eventsOf(t, "ann"));
    assertEquals(3, TableCounts.count("items", t.id()));
    assertEquals(2, TableCounts.count("users", t.id()));
  }

  @Test
  void aFullBatchOfTenThousandIsStored() {
    TestTenant t = node.createTenant("events-full");
    String body = events(10_000, 7).encode();
    long started = System.nanoTime();
    Http.Response r = post(t, body, null);
    LOG.info("10,000-event batch ({} bytes) answered in {} ms", body.length(), (System.nanoTime() - started) / 1_000_000);
    assertEquals(200, r.status(), r.toString());
    assertEquals(10_000, r.json().getInteger("accepted"));
    assertEquals(10_000, TableCounts.count("events", t.id()));
  }

  @Test
  void badBatchesAreRejectedAndStoreNothing() {
    TestTenant t = node.createTenant("events-bad");
    String ok = "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}";
    JsonArray badTime = events(5, 1);
    badTime.getJsonObject(3).put("timestamp", "22/11/2026");
    JsonArray rating = events(5, 2);
    rating.getJsonObject(2).put("type", "rating").remove("value");
    String[] bodies = {
        "[" + ok + ",{\"userId\":\"u\"",                                               // malformed JSON
        ok,                                                                             // not an array
        "[]",                                                                           // empty
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"value\":\"5\"}]", // wrong type
        "[" + ok + ",{\"userId\":7,\"itemId\":\"i\",\"type\":\"view\"}]",              // wrong type
        "[" + ok + ",{\"userId\":\"u\",\"type\":\"view\"}]",                           // missing itemId
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\"}]",                            // missing type
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"price\":3}]", // unknown field
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"share\"}]",         // unknown type
        events(10_001, 3).encode(),                                                     // over maxItems
        badTime.encode(),                                                               // bad timestamp
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2026-11-22T10:00:00\"}]",
        rating.encode(),                                                                // rating without value
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":null}]",
        "[" + ok + ",null]",
        "[" + ok + ",[\"u\",\"i\",\"view\"]]",                                         // event not an object
        "[" + ok + "] trailing",                                                        // content after the array
        "[" + ok + ",{\"userId\":\"\",\"itemId\":\"i\",\"type\":\"view\"}]",              // empty id
        "[" + ok + ",{\"userId\":\"" + "u".repeat(257) + "\",\"itemId\":\"i\",\"type\":\"view\"}]", // id too long
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"recommendationId\":\"\"}]",
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":5}]",
        "[" + ok + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"value\":1e999}]",
        "",
    };
    for (String body : bodies) {
      Http.Response r = post(t, body, null);
      assertEquals(400, r.status(), () -> body.substring(0, Math.min(120, body.length())) + " -> " + r);
      assertEquals("application/problem+json", r.header("Content-Type"), r::toString);
      assertTrue(!r.json().getString("detail", "").isBlank() && !r.json().getString("detail").equals("Bad Request"),
          r::toString);
    }
    String ratingDetail = post(t, rating.encode(), null).json().getString("detail");
    assertTrue(ratingDetail.contains("[2].value"), ratingDetail);
    String timeDetail = post(t, badTime.encode(), null).json().getString("detail");
    assertTrue(timeDetail.contains("/3/timestamp") || timeDetail.contains("[3].timestamp"), timeDetail);

    StringBuilder huge = new StringBuilder("[");
    String padded = "{\"userId\":\"" + "u".repeat(250) + "\",\"itemId\":\"" + "i".repeat(250) + "\",\"type\":\"view\"},";
    while (huge.length() < 11 * 1024 * 1024) {
      huge.append(padded);
    }
    huge.append(ok).append(']');
    Http.Response tooBig = post(t, huge.toString(), null);
    assertEquals(413, tooBig.status(), tooBig::toString);
    assertEquals("application/problem+json", tooBig.header("Content-Type"));

    Http.Response longKey = post(t, "[" + ok + "]", "k".repeat(201));
    assertEquals(400, longKey.status(), longKey::toString);
    Http.Response text = http.send("POST", "/v1/events", t.apiKey(), "[" + ok + "]", Map.of("Content-Type", "text/plain"));
    assertEquals(415, text.status(), text::toString);
    assertEquals("application/problem+json", text.header("Content-Type"));

    // a rejected batch with an idempotency key leaves the key free for the corrected batch
    assertEquals(400, post(t, rating.encode(), "fix-me").status());
    Http.Response fixed = post(t, "[" + ok + "]", "fix-me");
    assertEquals(200, fixed.status(), fixed::toString);
    assertEquals(1, TableCounts.count("events", t.id()));
    assertEquals(1, TableCounts.count("users", t.id()));
    assertEquals(1, TableCounts.count("items", t.id()));
  }

  @Test
  void credentialsAndScopesAreEnforced() {
    TestTenant t = node.createTenant("events-scope");
    Http.Response k = http.post("/v1/api-keys", t.apiKey(),
        "{\"name\":\"front end\",\"scopes\":[\"recommend\"]}");
    String recommendOnly = k.json().getString("apiKey");
    String body = events(3, 4).encode();
    assertEquals(403, http.post("/v1/events", recommendOnly, body).status());
    Http.Response none = http.post("/v1/events", null, body);
    assertEquals(401, none.status());
    assertEquals("application/problem+json", none.header("Content-Type"));
    assertEquals(0, TableCounts.count("events", t.id()));
    assertEquals(0, TableCounts.count("users", t.id()));
  }

  @Test
  void aRetriedBatchCountsOnce() {
    TestTenant t = node.createTenant("idem");
    String body = events(40, 5).encode();
    Http.Response first = post(t, body, "batch-0001");
    Http.Response again = post(t, body, "batch-0001");
    assertEquals(200, first.status(), first.toString());
    assertEquals(200, again.status(), again.toString());
    assertEquals(first.json(), again.json());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(40, TableCounts.count("events", t.id()));

    Http.Response other = post(t, events(40, 6).encode(), "batch-0001");
    assertEquals(409, other.status(), other.toString());
    assertEquals("application/problem+json", other.header("Content-Type"));
    assertTrue(other.json().getString("detail").contains("batch-0001"), other::toString);
    assertEquals(40, TableCounts.count("events", t.id()));

    // keys are per tenant: another tenant's identical key is unrelated
    TestTenant u = node.createTenant("idem-other");
    assertEquals(200, post(u, events(10, 6).encode(), "batch-0001").status());
    assertEquals(10, TableCounts.count("events", u.id()));
    assertEquals(40, TableCounts.count("events", t.id()));
  }

  @Test
  void concurrentRetriesCountOnce() throws Exception {
    TestTenant t = node.createTenant("idem-race");
    String body = events(2_000, 8).encode();
    int clients = 8;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Http.Response>> replies = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        replies.add(pool.submit(() -> {
          go.await();
          return post(t, body, "race-key");
        }));
      }
      go.countDown();
      for (Future<Http.Response> reply : replies) {
        Http.Response r = reply.get();
        assertEquals(200, r.status(), r.toString());
        assertEquals(2_000, r.json().getInteger("accepted"));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2_000, TableCounts.count("events", t.id()));
    assertEquals(1, TableCounts.count("idempotency_keys", t.id()));
  }

  @Test
  void erasingAUserRemovesExactlyTheirEvents() {
    TestTenant a = node.createTenant("erase-a");
    TestTenant b = node.createTenant("erase-b");
    String body = "[{\"userId\":\"gone\",\"itemId\":\"x\",\"type\":\"view\"},"
        + "{\"userId\":\"gone\",\"itemId\":\"y\",\"type\":\"click\"},"
        + "{\"userId\":\"stays\",\"itemId\":\"x\",\"type\":\"view\"}]";
    assertEquals(200, post(a, body, null).status());
    assertEquals(200, post(b, "[{\"userId\":\"gone\",\"itemId\":\"x\",\"type\":\"view\"}]", null).status());

    // B cannot see or erase A's user, and its own same-named user is separate
    assertEquals(1, eventsOf(b, "gone"));
    assertEquals(404, http.get("/v1/users/stays", b.apiKey()).status());
    assertEquals(404, http.delete("/v1/users/stays", b.apiKey()).status());
    assertEquals(1, eventsOf(a, "stays"));
    assertEquals(204, http.delete("/v1/users/gone", b.apiKey()).status());
    assertEquals(2, eventsOf(a, "gone"));
    assertEquals(3, TableCounts.count("events", a.id()));

    assertEquals(204, http.delete("/v1/users/gone", a.apiKey()).status());
    assertEquals(404, http.get("/v1/users/gone", a.apiKey()).status());
    assertEquals(1, TableCounts.count("events", a.id()));
    assertEquals(1, eventsOf(a, "stays"));
    assertEquals(404, http.delete("/v1/users/gone", a.apiKey()).status());
    // items stay: events of other users still refer to them
    assertEquals(200, http.get("/v1/items/y", a.apiKey()).status());
  }
}
