package dev.affinity.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The simulator against a real node with a running A/B experiment: everything it says it sent is exactly what
 * the experiment's results count (exposures, clicks, conversions per variant), and a lift given to B shows up
 * as a higher click-through for B. Bad options fail with exit code 2 and one line.
 */
class SimulateCommandTest {
  static final int USERS = 400;
  static final int ITEMS = 20;
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

  private static void ok(Http.Response r) {
    assertTrue(r.status() / 100 == 2, r.toString());
  }

  private static JsonObject variant(String name, boolean control, String model) {
    return new JsonObject().put("name", name).put("weight", 50).put("control", control).put("model", model)
        .put("params", new JsonObject());
  }

  /** Items, past views so training has co-occurrences, a trained item-knn, and a started A/B experiment. */
  private static String setUp(String key) throws InterruptedException {
    JsonArray items = new JsonArray();
    for (int i = 0; i < ITEMS; i++) {
      items.add(new JsonObject().put("id", "i" + i).put("categories", new JsonArray().add("all")).put("active", true));
    }
    ok(http.post("/v1/items", key, items.encode()));
    Instant past = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonArray events = new JsonArray();
    for (int u = 0; u < USERS; u++) {
      for (int k = 0; k < 3; k++) {
        events.add(new JsonObject().put("userId", "u" + u).put("itemId", "i" + ((u + k * 3) % ITEMS))
            .put("type", "view").put("timestamp", past.toString()));
      }
    }
    ok(http.post("/v1/events", key, events.encode()));
    Http.Response r = http.post("/v1/models/train", key, "{\"model\":\"item-knn\"}");
    assertEquals(202, r.status(), r.toString());
    String job = r.json().getString("jobId");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!http.get("/v1/models/jobs/" + job, key).json().getString("state").equals("succeeded")) {
      assertTrue(System.nanoTime() < deadline, "training did not finish");
      Thread.sleep(50);
    }
    JsonObject spec = new JsonObject().put("name", "simulated").put("hypothesis", "popularity differs")
        .put("layer", "home").put("coverage", 1.0).put("variants", new JsonArray()
            .add(variant("A", true, "item-knn")).add(variant("B", false, "popularity")));
    Http.Response created = http.post("/v1/experiments", key, spec.encode());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    ok(http.post("/v1/experiments/" + id + "/start", key, ""));
    return id;
  }

  private static JsonObject results(String id, String key, long exposures) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      JsonObject results = http.get("/v1/experiments/" + id + "/results", key).json();
      long seen = 0;
      for (Object o : results.getJsonArray("variants")) {
        seen += ((JsonObject) o).getLong("exposures");
      }
      if (seen == exposures || System.nanoTime() > deadline) {
        return results;
      }
      Thread.sleep(100);
    }
  }

  private static JsonObject variantOf(JsonObject results, String name) {
    for (Object o : results.getJsonArray("variants")) {
      if (((JsonObject) o).getString("name").equals(name)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no variant " + name + " in " + results.encode());
  }

  @Test
  void resultsCountExactlyWhatTheSimulatorSent() throws Exception {
    TestTenant t = node.createTenant("simulate");
    String id = setUp(t.apiKey());

    SimulateCommand command = new SimulateCommand();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = new CommandLine(command).execute("--api", node.baseUrl(), "--key", t.apiKey(), "--users", "" + USERS,
          "--days", "1", "--lift", "B=6.0", "--seed", "7", "--purchase-rate", "0.5");
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    System.out.println(output);
    assertEquals(0, code, output);
    assertTrue(output.contains("visits: " + USERS), output);
    Tally tally = command.result();
    assertNotNull(tally);
    Map<String, Tally.Counts> sent = tally.variants();
    assertEquals(USERS, tally.visits());
    assertEquals(java.util.Set.of("A", "B"), sent.keySet(), "every response named a variant: " + sent);

    JsonObject results = results(id, t.apiKey(), USERS);
    for (String v : new String[] {"A", "B"}) {
      JsonObject got = variantOf(results, v);
      Tally.Counts want = sent.get(v);
      assertEquals(want.exposures(), got.getLong("exposures"), got.encode());
      assertEquals(want.clicks(), got.getLong("clicks"), got.encode());
      assertEquals(want.purchases(), got.getLong("conversions"), got.encode());
    }
    assertTrue(sent.get("A").purchases() + sent.get("B").purchases() > 0, "conversions are exercised: " + sent);
    double ctrA = (double) sent.get("A").clicks() / sent.get("A").exposures();
    double ctrB = (double) sent.get("B").clicks() / sent.get("B").exposures();
    assertTrue(ctrB > ctrA, "B " + ctrB + " vs A " + ctrA);
  }

  @Test
  void badOptionsAndUnreachableApiExitWithTwo() {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(2, new CommandLine(new SimulateCommand()).execute("--key", "k", "--click-rate", "1.5"));
      assertEquals(2, new CommandLine(new SimulateCommand()).execute("--key", "k", "--users", "3",
          "--api", "http://127.0.0.1:1"));
    } finally {
      System.setErr(originalErr);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("--click-rate must be within [0, 1]"), text);
    assertTrue(text.contains("simulate: "), text);
    assertFalse(text.contains("\tat "), "no stack traces: " + text);
  }
}
