package dev.affinity.simulate;

import dev.affinity.demo.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the real API as a crowd of users would: every user visits once per simulated day, asks for
 * recommendations, and clicks (then maybe buys) the first item with a probability that depends on the variant
 * it was served. Each visit draws from its own generator seeded by (seed, day, user), so a run's decisions do
 * not depend on thread scheduling, only on the seed and on which variant the node assigns.
 */
final class Simulation {
  private static final int BATCH = 500;

  /** The knobs of one run. */
  record Settings(int users, int days, String userPrefix, double clickRate, double purchaseRate,
      Map<String, Double> lift, long seed, int concurrency) { }

  private final ApiClient api;
  private final String key;
  private final Settings s;
  private final PrintStream out;
  private final Tally tally = new Tally();

  Simulation(ApiClient api, String key, Settings settings, PrintStream out) {
    this.api = api;
    this.key = key;
    this.s = settings;
    this.out = out;
  }

  /** Runs every visit and sends every event; throws the first failure. */
  Tally run() throws InterruptedException {
    EventBatcher batcher = new EventBatcher(api, key, BATCH, "sim-" + UUID.randomUUID());
    Instant now = Instant.now();
    long total = (long) s.users() * s.days();
    long step = Math.max(1, total / 10);
    AtomicLong done = new AtomicLong();
    try (ExecutorService pool = Executors.newFixedThreadPool(s.concurrency())) {
      for (int day = 0; day < s.days(); day++) {
        Instant dayStart = now.minus(Duration.ofDays(s.days() - day));
        List<Future<?>> visits = new ArrayList<>(s.users());
        for (int u = 0; u < s.users(); u++) {
          int user = u;
          int d = day;
          visits.add(pool.submit(() -> {
            visit(d, user, dayStart, batcher);
            long n = done.incrementAndGet();
            if (n % step == 0 || n == total) {
              out.printf("progress: %d/%d visits%n", n, total);
            }
          }));
        }
        await(visits, pool);
      }
    }
    batcher.flush();
    return tally;
  }

  private static void await(List<Future<?>> visits, ExecutorService pool) throws InterruptedException {
    for (Future<?> f : visits) {
      try {
        f.get();
      } catch (ExecutionException e) {
        pool.shutdownNow();
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
  }

  private void visit(int day, int u, Instant dayStart, EventBatcher batcher) {
    SplittableRandom rnd = new SplittableRandom((s.seed() * 0x9E3779B97F4A7C15L + day) * 0xBF58476D1CE4E5B9L + u);
    String user = s.userPrefix() + u;
    Instant ts = dayStart.plusMillis(rnd.nextLong(Duration.ofDays(1).toMillis()));
    JsonObject rec = Retry.call("GET recommendations", () -> api.get(
        "/v1/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "/recommendations?count=10", key)).json();
    String variant = rec.getString("variant");
    JsonArray items = rec.getJsonArray("items", new JsonArray());
    double p = Math.min(1.0, s.clickRate() * (variant == null ? 1.0 : s.lift().getOrDefault(variant, 1.0)));
    boolean clicked = !items.isEmpty() && rnd.nextDouble() < p;
    boolean purchased = clicked && rnd.nextDouble() < s.purchaseRate();
    if (clicked) {
      String item = items.getJsonObject(0).getString("id");
      String recId = rec.getString("recommendationId");
      JsonObject click = event(user, item, "click", recId, ts);
      if (purchased) {
        batcher.add(click, event(user, item, "purchase", recId, ts.plusSeconds(60)));
      } else {
        batcher.add(click);
      }
    }
    tally.record(variant, clicked, purchased);
  }

  private static JsonObject event(String user, String item, String type, String recId, Instant ts) {
    JsonObject e = new JsonObject().put("userId", user).put("itemId", item).put("type", type)
        .put("timestamp", ts.toString());
    return recId == null ? e : e.put("recommendationId", recId);
  }
}
