package dev.affinity.experiments.exposure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.tenants.TenantId;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exposure log loses nothing: not on close, not when its buffer is full. */
class ExposureLogTest {
  static TestNode node;
  static Pool pool;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    pool = node.node().services().pool();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static long stored(TenantId tenant, String experiment) throws Exception {
    return pool.preparedQuery("select count(*) from exposures where tenant_id = $1 and experiment_id = $2")
        .execute(Tuple.of(tenant.value(), experiment)).await(30, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  static TenantId tenant(String prefix) {
    TestTenant t = node.createTenant(prefix);
    return TenantId.parse(t.id()).orElseThrow();
  }

  @Test
  void closeWritesEverythingStillBuffered() throws Exception {
    TenantId tenant = tenant("exposure-close");
    ExposureLog log = new ExposureLog(node.node().vertx(), pool);
    Instant at = Instant.parse("2026-11-01T10:00:00Z");
    int n = 2_500; // more than two batches
    for (int i = 0; i < n; i++) {
      Future<Void> f = log.record(tenant, "rec-" + i, "exp-close", i % 2 == 0 ? "A" : "B", "user-" + (i % 97), at);
      assertTrue(f.isComplete(), "with room in the buffer, record returns at once");
    }
    log.close().await(60, TimeUnit.SECONDS);
    assertEquals(0, log.pending());
    assertEquals(n, stored(tenant, "exp-close"));
    // after close nothing is buffered any more: a late exposure is written directly
    log.record(tenant, "late", "exp-close", "A", "user-late", at).await(30, TimeUnit.SECONDS);
    assertEquals(n + 1, stored(tenant, "exp-close"));
  }

  @Test
  void aFullBufferAppliesBackPressureInsteadOfDropping() throws Exception {
    TenantId tenant = tenant("exposure-full");
    ExposureLog log = new ExposureLog(node.node().vertx(), pool, 10);
    Instant at = Instant.parse("2026-11-01T10:00:00Z");
    List<Future<Void>> waited = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Future<Void> f = log.record(tenant, "rec-" + i, "exp-full", "A", "user-" + i, at);
      if (!f.isComplete()) {
        waited.add(f);
      }
      assertTrue(log.pending() <= 10, "the buffer never grows past its bound");
    }
    assertTrue(!waited.isEmpty(), "a full buffer makes callers wait for the write");
    Future.all(waited).await(60, TimeUnit.SECONDS);
    log.close().await(60, TimeUnit.SECONDS);
    assertEquals(500, stored(tenant, "exp-full"));
  }

  @Test
  void aRowTheDatabaseRefusesIsDroppedAloneAndDoesNotBlockTheRest() throws Exception {
    TenantId tenant = tenant("exposure-poison");
    TenantId gone = TenantId.random(); // no such tenant: the foreign key refuses its rows
    ExposureLog log = new ExposureLog(node.node().vertx(), pool);
    Instant at = Instant.parse("2026-11-01T10:00:00Z");
    for (int i = 0; i < 20; i++) {
      log.record(i == 7 ? gone : tenant, "rec-" + i, "exp-poison", "A", "user-" + i, at);
    }
    log.flush().await(60, TimeUnit.SECONDS);
    assertEquals(19, stored(tenant, "exp-poison"));
    assertEquals(0, log.pending());
    log.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void theTimerFlushesWithoutBeingAsked() throws Exception {
    TenantId tenant = tenant("exposure-timer");
    ExposureLog log = new ExposureLog(node.node().vertx(), pool);
    log.record(tenant, "rec-1", "exp-timer", "A", "user-1", Instant.parse("2026-11-01T10:00:00Z"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (stored(tenant, "exp-timer") == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(1, stored(tenant, "exp-timer"));
    log.close().await(30, TimeUnit.SECONDS);
  }
}
