package dev.affinity.bench;

import dev.affinity.demo.CatalogJson;
import dev.affinity.demo.SyntheticCatalog;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code affinity bench serve}: throughput and latency of {@code GET /v1/users/{u}/recommendations} on a
 * demo-like tenant with a trained model, against a trivial Vert.x endpoint under the same wrk load
 * (same connections, threads, duration, header and user-varying paths). The trivial endpoint is the
 * ceiling of this machine, JVM and HTTP stack; the ratio is what the recommender path keeps of it. Each run
 * also reports the server JVM's CPU time per request (wrk runs in its own process), the figure to compare
 * between builds on a machine whose other load moves throughput by tens of percent.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Recommendations requests/s and p50/p99 vs a trivial Vert.x endpoint, under wrk.")
final class ServeBenchCommand implements Callable<Integer> {
  @Option(names = "--repeats", defaultValue = "5", description = "Runs of each side (median reported). Default ${DEFAULT-VALUE}.")
  int repeats;
  @Option(names = "--duration", defaultValue = "10", description = "Seconds per wrk run. Default ${DEFAULT-VALUE}.")
  int duration;
  @Option(names = "--warmup", defaultValue = "10", description = "Seconds of warm-up per side. Default ${DEFAULT-VALUE}.")
  int warmup;
  @Option(names = "--connections", defaultValue = "32", description = "wrk connections. Default ${DEFAULT-VALUE}.")
  int connections;
  @Option(names = "--threads", defaultValue = "0", description = "wrk threads; 0 means half the cores (at least 1).")
  int threads;
  @Option(names = "--users", defaultValue = "3000", description = "Users in the synthetic tenant. Default ${DEFAULT-VALUE}.")
  int users;

  @Override
  public Integer call() throws Exception {
    Wrk.requireInstalled();
    int wrkThreads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    Wrk wrk = new Wrk(wrkThreads, connections);
    SyntheticCatalog data = SyntheticCatalog.generate(SyntheticCatalog.Options.demo(Instant.now()).withUsers(users));
    System.out.println("bench serve: " + users + " users, " + data.items().size() + " items, " + data.events().size()
        + " events; wrk -t" + wrkThreads + " -c" + connections + " -d" + duration + "s, " + repeats
        + " repeats, warm-up " + warmup + "s; machine: " + Stats.machine());
    List<Wrk.Result> api = new ArrayList<>();
    List<Wrk.Result> trivial = new ArrayList<>();
    try (BenchNode node = BenchNode.start()) {
      BenchNode.Tenant tenant = node.createTenant("bench-serve");
      load(node, tenant, data);
      String auth = "Bearer " + tenant.apiKey();
      int trivialPort = BenchNode.freePort();
      TrivialServer.deploy(node.node().vertx(), trivialPort).await(1, TimeUnit.MINUTES);
      String apiBase = "http://127.0.0.1:" + node.port();
      String trivialBase = "http://127.0.0.1:" + trivialPort;
      Path apiScript = Wrk.script(data.userIds(), "/v1/users/", "/recommendations?count=10");
      Path trivialScript = Wrk.script(data.userIds(), "/trivial/", "");
      checkOne(node, tenant, data);
      wrk.run(apiBase, apiScript, auth, warmup);
      wrk.run(trivialBase, trivialScript, auth, warmup);
      for (int r = 1; r <= repeats; r++) {
        Wrk.Result a = wrk.run(apiBase, apiScript, auth, duration);
        Wrk.Result t = wrk.run(trivialBase, trivialScript, auth, duration);
        api.add(a);
        trivial.add(t);
        System.out.println("run " + r + ": API " + line(a) + " | trivial " + line(t));
        if (r == 1) {
          System.out.println("raw wrk output (API, run 1):\n" + a.raw() + "raw wrk output (trivial, run 1):\n" + t.raw());
        }
      }
    }
    double apiRps = Stats.median(api.stream().map(Wrk.Result::requestsPerSecond).toList());
    double trivialRps = Stats.median(trivial.stream().map(Wrk.Result::requestsPerSecond).toList());
    double apiP50 = Stats.median(api.stream().map(Wrk.Result::p50Millis).toList());
    double apiP99 = Stats.median(api.stream().map(Wrk.Result::p99Millis).toList());
    double trivialP50 = Stats.median(trivial.stream().map(Wrk.Result::p50Millis).toList());
    double trivialP99 = Stats.median(trivial.stream().map(Wrk.Result::p99Millis).toList());
    double ratio = apiRps / trivialRps;
    double apiCpu = Stats.median(api.stream().map(Wrk.Result::cpuMicrosPerRequest).toList());
    double trivialCpu = Stats.median(trivial.stream().map(Wrk.Result::cpuMicrosPerRequest).toList());
    boolean errors = api.stream().anyMatch(x -> !x.errors().isEmpty());
    System.out.println("RESULT serve api_rps_median=" + Stats.f(apiRps) + " api_p50_ms=" + Stats.f2(apiP50)
        + " api_p99_ms=" + Stats.f2(apiP99) + " trivial_rps_median=" + Stats.f(trivialRps)
        + " trivial_p50_ms=" + Stats.f2(trivialP50) + " trivial_p99_ms=" + Stats.f2(trivialP99)
        + " ratio=" + Stats.f2(ratio) + " api_cpu_us_per_req=" + Stats.f(apiCpu)
        + " trivial_cpu_us_per_req=" + Stats.f(trivialCpu) + " goal_ratio>=0.5 met=" + (ratio >= 0.5)
        + " goal_p99<10ms met=" + (apiP99 < 10) + " api_errors=" + errors);
    return 0;
  }

  private static String line(Wrk.Result r) {
    return Stats.f(r.requestsPerSecond()) + " req/s, p50 " + Stats.f2(r.p50Millis()) + " ms, p99 "
        + Stats.f2(r.p99Millis()) + " ms, server CPU " + Stats.f(r.cpuMicrosPerRequest()) + " us/req"
        + (r.errors().isEmpty() ? "" : " ERRORS " + r.errors());
  }

  /** Items, users and events through the API, then a trained model. */
  private static void load(BenchNode node, BenchNode.Tenant tenant, SyntheticCatalog data) throws Exception {
    node.upsertCatalogue(tenant, data);
    for (String batch : CatalogJson.eventBatches(data.events(), 5000)) {
      node.api().post("/v1/events", tenant.apiKey(), batch).expectOk("POST /v1/events");
    }
    String jobId = node.api().post("/v1/models/train", tenant.apiKey(), "{}").expectOk("POST /v1/models/train")
        .json().getString("jobId");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonObject job = node.api().get("/v1/models/jobs/" + jobId, tenant.apiKey()).expectOk("GET job").json();
      switch (job.getString("state", "")) {
        case "succeeded" -> {
          return;
        }
        case "failed" -> throw new IllegalStateException("training failed: " + job.getString("message"));
        default -> Thread.sleep(500);
      }
    }
    throw new IllegalStateException("training did not finish in 20 minutes");
  }

  private static void checkOne(BenchNode node, BenchNode.Tenant tenant, SyntheticCatalog data) {
    JsonObject r = node.api().get("/v1/users/" + data.userIds().getFirst() + "/recommendations?count=10",
        tenant.apiKey()).expectOk("GET recommendations").json();
    if (r.getJsonArray("items", new io.vertx.core.json.JsonArray()).isEmpty()) {
      throw new IllegalStateException("the trained model recommends nothing: " + r.encode());
    }
    System.out.println("sample response: " + r.encode());
  }
}
