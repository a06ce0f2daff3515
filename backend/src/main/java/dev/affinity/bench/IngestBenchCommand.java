package dev.affinity.bench;

import dev.affinity.demo.CatalogJson;
import dev.affinity.demo.SyntheticCatalog;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code affinity bench ingest}: events per second through {@code POST /v1/events} (validated, authed,
 * committed before the answer) against raw PostgreSQL {@code COPY} of the same events into the same
 * table, with as many COPY streams as API clients. COPY is the ceiling for getting rows into PostgreSQL,
 * so the ratio says how much of it the API keeps. Both sides get pre-serialised payloads, so
 * client-side encoding is not measured.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Events/s through POST /v1/events vs raw PostgreSQL COPY of the same events.")
final class IngestBenchCommand implements Callable<Integer> {
  private static final String COPY_SQL = "copy events(tenant_id,user_id,item_id,type,value,ts) from stdin";

  @Option(names = "--repeats", defaultValue = "5", description = "Runs of each side (median reported). Default ${DEFAULT-VALUE}.")
  int repeats;
  @Option(names = "--events", defaultValue = "200000", description = "Events per run. Default ${DEFAULT-VALUE}.")
  int events;
  @Option(names = "--batch", defaultValue = "1000", description = "Events per API request. Default ${DEFAULT-VALUE}.")
  int batch;
  @Option(names = "--clients", defaultValue = "4", description = "Concurrent API clients, and COPY streams. Default ${DEFAULT-VALUE}.")
  int clients;

  @Override
  public Integer call() throws Exception {
    SyntheticCatalog data = SyntheticCatalog.generate(
        SyntheticCatalog.Options.demo(Instant.parse("2026-11-22T10:00:00Z")).withUsers(events / 40 + 1));
    if (data.events().size() < events) {
      throw new IllegalStateException("generated only " + data.events().size() + " events");
    }
    List<SyntheticCatalog.Event> sample = data.events().subList(0, events);
    List<String> batches = CatalogJson.eventBatches(sample, batch);
    System.out.println("bench ingest: " + events + " events per run, API batches of " + batch + ", " + clients
        + " clients (and " + clients + " COPY streams), " + repeats + " repeats; machine: " + Stats.machine());
    List<Double> api = new ArrayList<>();
    List<Double> copy = new ArrayList<>();
    try (BenchNode node = BenchNode.start();
         Connection jdbc = DriverManager.getConnection(node.jdbcUrl())) {
      for (int r = 1; r <= repeats; r++) {
        BenchNode.Tenant apiTenant = node.createTenant("bench-ingest-api");
        node.upsertCatalogue(apiTenant, data);
        double apiRate = viaApi(node, apiTenant, batches);
        checkCount(jdbc, apiTenant.id(), events);
        BenchNode.Tenant copyTenant = node.createTenant("bench-ingest-copy");
        double copyRate = viaCopy(node.jdbcUrl(), copyTenant.id(), sample);
        checkCount(jdbc, copyTenant.id(), events);
        api.add(apiRate);
        copy.add(copyRate);
        System.out.println("run " + r + ": API " + Stats.f(apiRate) + " events/s, COPY " + Stats.f(copyRate)
            + " events/s");
      }
    }
    double apiMedian = Stats.median(api);
    double copyMedian = Stats.median(copy);
    double ratio = apiMedian / copyMedian;
    System.out.println("RESULT ingest api_events_per_s_median=" + Stats.f(apiMedian)
        + " copy_events_per_s_median=" + Stats.f(copyMedian) + " ratio=" + Stats.f2(ratio)
        + " goal_ratio>=0.5 met=" + (ratio >= 0.5));
    System.out.println("  API runs:  " + Stats.list(api));
    System.out.println("  COPY runs: " + Stats.list(copy));
    return 0;
  }

  private double viaApi(BenchNode node, BenchNode.Tenant tenant, List<String> batches) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(() -> {
          int accepted = 0;
          for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
            accepted += node.api().post("/v1/events", tenant.apiKey(), batches.get(i))
                .expectOk("POST /v1/events").json().getInteger("accepted");
          }
          return accepted;
        }));
      }
      int accepted = 0;
      for (Future<Integer> f : done) {
        accepted += f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (accepted != events) {
        throw new IllegalStateException("API accepted " + accepted + " of " + events + " events");
      }
      return events / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * COPY with as many concurrent streams (connections) as the API has clients, each copying its share
   * in one statement, so both sides get the same parallelism. Connections are opened before timing.
   */
  private double viaCopy(String jdbcUrl, String tenantId, List<SyntheticCatalog.Event> sample) throws Exception {
    int streams = Math.max(1, clients);
    List<byte[]> payloads = new ArrayList<>();
    int per = (sample.size() + streams - 1) / streams;
    for (int from = 0; from < sample.size(); from += per) {
      StringBuilder text = new StringBuilder(per * 80);
      for (SyntheticCatalog.Event e : sample.subList(from, Math.min(sample.size(), from + per))) {
        text.append(tenantId).append('\t').append(e.userId()).append('\t').append(e.itemId()).append('\t')
            .append(e.type()).append("\t\\N\t").append(e.timestamp()).append('\n');
      }
      payloads.add(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    List<Connection> connections = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(payloads.size());
    try {
      for (int i = 0; i < payloads.size(); i++) {
        connections.add(DriverManager.getConnection(jdbcUrl));
      }
      long start = System.nanoTime();
      List<Future<Long>> done = new ArrayList<>();
      for (int i = 0; i < payloads.size(); i++) {
        Connection c = connections.get(i);
        byte[] payload = payloads.get(i);
        done.add(pool.submit(() -> c.unwrap(PGConnection.class).getCopyAPI()
            .copyIn(COPY_SQL, new ByteArrayInputStream(payload))));
      }
      long rows = 0;
      for (Future<Long> f : done) {
        rows += f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (rows != sample.size()) {
        throw new IllegalStateException("COPY stored " + rows + " of " + sample.size() + " rows");
      }
      return rows / seconds;
    } finally {
      pool.shutdownNow();
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private static void checkCount(Connection jdbc, String tenantId, int expected) throws Exception {
    try (PreparedStatement s = jdbc.prepareStatement("select count(*) from events where tenant_id = ?::uuid")) {
      s.setString(1, tenantId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long n = rs.getLong(1);
        if (n != expected) {
          throw new IllegalStateException("tenant " + tenantId + " has " + n + " events, expected " + expected);
        }
      }
    }
  }
}
