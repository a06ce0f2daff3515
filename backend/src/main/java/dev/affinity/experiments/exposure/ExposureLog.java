package dev.affinity.experiments.exposure;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records which experiment variant served each recommendation, off the request path. Serving calls
 * {@link #record} for every recommendation it answers inside an experiment; rows are buffered in memory
 * and written in batches (one {@code unnest} insert per batch of up to {@link #BATCH} rows) every
 * {@link #INTERVAL_MS} ms, or as soon as a batch is full.
 *
 * <p>Never losing an exposure matters more than never waiting. The buffer is bounded ({@link #CAPACITY}
 * rows); when it is full, {@code record} does not drop anything: it flushes the buffer together with the
 * new row at once and returns a future that completes when that insert commits. A caller that composes on
 * the future (serving should) is thereby slowed to the database's pace — back-pressure — while the event
 * loop never blocks. In the normal case the returned future is already complete. {@link #close} flushes
 * everything still buffered; the node must call it on shutdown before closing the pool. A failed insert is
 * put back at the head of the buffer and retried on the next tick (logged), so a database blip loses
 * nothing either; rows re-sent with the same recommendation id count once. A row the database refuses for its
 * content (a tenant deleted meanwhile) is isolated and dropped with an error log rather than blocking the rest.
 */
public final class ExposureLog {
  private static final Logger LOG = LoggerFactory.getLogger(ExposureLog.class);
  static final int BATCH = 1000;
  static final long INTERVAL_MS = 200;
  static final int CAPACITY = 50_000;
  private static final String INSERT = """
      insert into exposures (tenant_id, recommendation_id, experiment_id, variant, user_id, ts)
      select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
      on conflict do nothing""";

  /** One served recommendation inside an experiment. */
  record Exposure(TenantId tenant, String recommendationId, String experimentId, String variant, String userId,
      Instant at) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final int capacity;
  private final LinkedBlockingDeque<Exposure> buffer;
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicLong written = new AtomicLong();
  /** Writes not yet finished, so {@link #flush} can wait for the timer's as well as its own. */
  private final Set<Future<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private final Object takeLock = new Object();
  private final long timer;

  public ExposureLog(Vertx vertx, Pool pool) {
    this(vertx, pool, CAPACITY);
  }

  /** With a smaller buffer, for tests of the full-buffer path. */
  ExposureLog(Vertx vertx, Pool pool, int capacity) {
    this.vertx = vertx;
    this.pool = pool;
    this.capacity = capacity;
    this.buffer = new LinkedBlockingDeque<>(capacity);
    this.timer = vertx.setPeriodic(INTERVAL_MS, id -> drainInBackground());
  }

  /**
   * Buffers one exposure. Never blocks. The future is complete at once unless the buffer was full, in which
   * case it completes when the row is committed (see the class comment); it fails only if that insert fails.
   */
  public Future<Void> record(TenantId tenant, String recommendationId, String experimentId, String variant,
      String userId, Instant at) {
    Exposure e = new Exposure(Objects.requireNonNull(tenant, "tenant"),
        Objects.requireNonNull(recommendationId, "recommendationId"), Objects.requireNonNull(experimentId,
        "experimentId"), Objects.requireNonNull(variant, "variant"), Objects.requireNonNull(userId, "userId"),
        Objects.requireNonNull(at, "at"));
    if (!closed.get() && buffer.offerLast(e)) {
      if (buffer.size() >= BATCH && flushScheduled.compareAndSet(false, true)) {
        vertx.runOnContext(v -> {
          flushScheduled.set(false);
          drainInBackground();
        });
      }
      // close() may have drained the buffer between the check and the offer: then write it ourselves
      return closed.get() ? flush() : Future.succeededFuture();
    }
    // Full (or closing): write this row now, with as much of the buffer as fits in one batch.
    return take(e, BATCH - 1);
  }

  /** Rows buffered and not yet written. */
  public int pending() {
    return buffer.size();
  }

  /** Rows this log has written since it was created (re-sent duplicates included). */
  public long written() {
    return written.get();
  }

  /**
   * Writes everything buffered now, batch after batch, and waits for writes already under way (the timer's);
   * completes when every exposure recorded before the call is committed.
   */
  public Future<Void> flush() {
    return drain().transform(mine -> Future.join(List.copyOf(inFlight)).transform(others -> mine.failed()
        ? Future.<Void>failedFuture(mine.cause())
        : others.failed() ? Future.<Void>failedFuture(others.cause()) : Future.<Void>succeededFuture()));
  }

  /** One background drain at a time, so sustained load cannot pile up concurrent drains tick after tick. */
  private void drainInBackground() {
    if (draining.compareAndSet(false, true)) {
      drain().onComplete(ar -> draining.set(false));
    }
  }

  private Future<Void> drain() {
    Future<Void> f = take(null, BATCH);
    return f == null ? Future.succeededFuture() : f.compose(v -> drain());
  }

  /**
   * Takes up to {@code max} buffered rows (after {@code first}, if given) and starts writing them; null when
   * there was nothing to take. Taking and registering the write happen under one lock, so a {@link #flush}
   * that finds the buffer empty also finds every write of rows taken before.
   */
  private Future<Void> take(Exposure first, int max) {
    synchronized (takeLock) {
      List<Exposure> batch = new ArrayList<>(max + 1);
      if (first != null) {
        batch.add(first);
      }
      buffer.drainTo(batch, max);
      if (batch.isEmpty()) {
        return null;
      }
      Future<Void> f = write(batch);
      inFlight.add(f);
      f.onComplete(ar -> inFlight.remove(f));
      return f;
    }
  }

  /** Stops the timer and writes everything still buffered; the node calls this before closing the pool. */
  public Future<Void> close() {
    closed.set(true);
    vertx.cancelTimer(timer);
    int left = buffer.size();
    // Whatever failed was put back and gets one more try here.
    return flush().transform(first -> !buffer.isEmpty() ? flush()
            : first.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(first.cause()))
        .onSuccess(v -> LOG.info("exposure log closed: flushed {} buffered exposure(s)", left))
        .onFailure(err -> LOG.error("exposure log closed with {} exposure(s) unwritten", buffer.size(), err));
  }

  private Future<Void> insert(List<Exposure> batch) {
    int n = batch.size();
    UUID[] tenants = new UUID[n];
    String[] recs = new String[n];
    String[] experiments = new String[n];
    String[] variants = new String[n];
    String[] users = new String[n];
    OffsetDateTime[] ts = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Exposure e = batch.get(i);
      tenants[i] = e.tenant().value();
      recs[i] = e.recommendationId();
      experiments[i] = e.experimentId();
      variants[i] = e.variant();
      users[i] = e.userId();
      ts[i] = e.at().atOffset(ZoneOffset.UTC);
    }
    return pool.preparedQuery(INSERT).execute(Tuple.tuple().addArrayOfUUID(tenants).addArrayOfString(recs)
            .addArrayOfString(experiments).addArrayOfString(variants).addArrayOfString(users)
            .addArrayOfOffsetDateTime(ts))
        .map(rows -> {
          written.addAndGet(n);
          return null;
        });
  }

  /** Inserts a batch; on failure the rows go back to the buffer for the next tick (or are isolated, below). */
  private Future<Void> write(List<Exposure> batch) {
    return insert(batch).recover(err -> {
      if (isBadData(err)) {
        return oneByOne(batch);
      }
      requeue(batch, err);
      return Future.failedFuture(err);
    });
  }

  /**
   * A row the database refuses for what it contains (SQLSTATE classes 22 and 23, e.g. a tenant deleted
   * meanwhile) would fail its batch forever; such a batch is retried row by row and only the refused rows are
   * dropped, each logged with its tenant.
   */
  private Future<Void> oneByOne(List<Exposure> batch) {
    Future<Void> chain = Future.succeededFuture();
    for (Exposure e : batch) {
      chain = chain.compose(v -> insert(List.of(e)).recover(err -> {
        if (!isBadData(err)) {
          requeue(List.of(e), err);
          return Future.failedFuture(err);
        }
        LOG.error("tenant {}: dropping exposure {} of experiment {}, which the database refuses: {}", e.tenant(),
            e.recommendationId(), e.experimentId(), err.getMessage());
        return Future.succeededFuture();
      }));
    }
    return chain;
  }

  private static boolean isBadData(Throwable err) {
    return err instanceof PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }

  /** Puts a failed batch back at the head, oldest first; rows that no longer fit are logged as lost. */
  private void requeue(List<Exposure> batch, Throwable err) {
    int lost = 0;
    for (int i = batch.size() - 1; i >= 0; i--) {
      if (!buffer.offerFirst(batch.get(i))) {
        lost++;
      }
    }
    Exposure first = batch.get(0);
    if (lost == 0) {
      LOG.warn("tenant {}: writing {} exposure(s) failed, will retry: {}", first.tenant(), batch.size(),
          err.getMessage());
    } else {
      LOG.error("tenant {}: writing {} exposure(s) failed and {} could not be re-buffered (buffer of {} full)",
          first.tenant(), batch.size(), lost, capacity, err);
    }
  }
}
