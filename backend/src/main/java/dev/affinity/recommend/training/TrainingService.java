package dev.affinity.recommend.training;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Models;
import dev.affinity.models.Training;
import dev.affinity.recommend.ModelKind;
import dev.affinity.recommend.model.ModelCodec;
import dev.affinity.recommend.model.ServedModels;
import dev.affinity.recommend.model.TrainedModel;
import dev.affinity.recommend.serving.ModelRegistry;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training jobs: on a dedicated pool of {@link #THREADS} worker threads (so training never competes
 * with the event loops or starves other blocking work), it loads the tenant's aggregated events, fits the
 * requested {@code dev.affinity.models} algorithm once on a temporal split for offline metrics and once
 * on everything for serving, stores the new version as active in one transaction and tells every node to
 * switch. Progress goes to {@code training_jobs} so any node can report it.
 */
public final class TrainingService {
  /** Concurrent trainings per node; further jobs wait in state queued. */
  static final int THREADS = 2;
  /** How often a node refreshes the heartbeat of each job it holds. */
  static final long HEARTBEAT_MS = 10_000;
  /** A job whose heartbeat is older than this is considered orphaned by a dead node. */
  static final int STALE_SECONDS = 60;
  private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);

  /**
   * Threads one fit may use: half the cores, so a training leaves the other half to the event loops
   * that keep serving meanwhile.
   */
  static final int FIT_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  /**
   * What to train: a model and its parameters (the service's defaults for the model, overridden by
   * the request's), already checked against the algorithm's options.
   */
  public record Request(ModelKind kind, Map<String, String> params) {
    public Request {
      params = Map.copyOf(params);
    }

    /**
     * The model's service defaults overridden by {@code overrides}; IllegalArgumentException naming
     * the parameter when the algorithm rejects one (unknown key, bad value).
     */
    public static Request of(ModelKind kind, Map<String, String> overrides) {
      Map<String, String> merged = new HashMap<>(kind.defaults());
      merged.putAll(overrides);
      Models.algorithm(kind.algorithm()).options(merged);
      return new Request(kind, merged);
    }
  }

  /** What a finished fit hands to the saving step. */
  private record Trained(TrainedModel model, byte[] payload, JsonObject metrics, double seconds) {
  }

  private final Pool pool;
  private final WorkerExecutor executor;
  private final TrainingJobs jobs;
  private final ModelRepository repository;
  private final ModelRegistry registry;
  private final Vertx vertx;

  public TrainingService(Vertx vertx, Pool pool, ModelRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.executor = vertx.createSharedWorkerExecutor("affinity-training", THREADS, 30, TimeUnit.MINUTES);
    this.jobs = new TrainingJobs(pool);
    this.repository = new ModelRepository(pool);
    this.registry = registry;
    reapStale();
    vertx.setPeriodic(STALE_SECONDS * 1000L, id -> reapStale());
  }

  /**
   * Fails jobs orphaned by a dead node (their heartbeat stopped); every node does it, at start and every
   * {@link #STALE_SECONDS} — the statement is idempotent, so nodes racing do no harm.
   */
  public Future<Integer> reapStale() {
    return jobs.reapStale(STALE_SECONDS)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.warn("marked {} training job(s) failed: their node stopped sending heartbeats", n);
          }
        })
        .onFailure(e -> LOG.warn("could not check for orphaned training jobs: {}", e.toString()));
  }

  public TrainingJobs jobs() {
    return jobs;
  }

  public ModelRepository repository() {
    return repository;
  }

  /**
   * Queues a training of {@code requested}, or of the tenant's default model (with service defaults)
   * when null; the future holds the job id as soon as the job is recorded (training continues in the
   * background). Fails with {@link UnknownModelException} when the tenant's default model is not one
   * this server trains.
   */
  public Future<String> start(TenantId tenant, Request requested, String requestId) {
    Future<Request> request = requested != null ? Future.succeededFuture(requested)
        : repository.defaultModel(tenant).compose(name -> name.isEmpty()
            ? Future.succeededFuture(Request.of(ModelKind.DEFAULT, Map.of()))
            : ModelKind.fromWire(name.get()).map(k -> Future.succeededFuture(Request.of(k, Map.of())))
                .orElseGet(() -> Future.failedFuture(new UnknownModelException("the tenant's default model '"
                    + name.get() + "' cannot be trained here; name one of "
                    + String.join(", ", ModelKind.wireNames()) + " in the request body"))));
    return request.compose(r -> {
      String jobId = "job_" + UUID.randomUUID().toString().replace("-", "");
      return jobs.insert(tenant, jobId, r.kind()).map(v -> {
        LOG.info("tenant={} request={} queued training job {} of {} {}", tenant, requestId, jobId,
            r.kind().wireName(), r.params());
        run(tenant, jobId, r);
        return jobId;
      });
    });
  }

  private void run(TenantId tenant, String jobId, Request request) {
    ModelKind kind = request.kind();
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> jobs.heartbeat(tenant, jobId)
        .onFailure(e -> LOG.warn("tenant={} job {}: heartbeat not recorded: {}", tenant, jobId, e.toString())));
    executor.executeBlocking(() -> train(tenant, jobId, request), false)
        .onComplete(ar -> vertx.cancelTimer(heartbeat))
        .compose(t -> repository.saveAndActivate(tenant, jobId, kind, t.seconds(), t.metrics(), t.payload())
            .onSuccess(version -> {
              registry.activate(tenant, version, t.model());
              LOG.info("tenant={} job {} trained {} v{} in {} s: {} ({} bytes)", tenant, jobId, kind.wireName(),
                  version, String.format("%.2f", t.seconds()), t.metrics().encode(), t.payload().length);
            }))
        .onFailure(err -> {
          Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          String message = e instanceof TrainingException ? e.getMessage()
              : "training failed on the server (" + e.getClass().getSimpleName() + "); see the logs for job " + jobId;
          if (e instanceof TrainingException) {
            LOG.info("tenant={} job {} failed: {}", tenant, jobId, e.getMessage());
          } else {
            LOG.error("tenant={} job {} failed", tenant, jobId, e);
          }
          jobs.fail(tenant, jobId, message)
              .onFailure(e2 -> LOG.error("tenant={} could not mark job {} failed", tenant, jobId, e2));
        });
  }

  /**
   * The whole fit, on a training thread. It waits for its SQL by blocking this thread (Vert.x refuses
   * {@code Future.await} on worker threads), which is fine on this dedicated pool and keeps the job
   * "queued" until a thread is actually free.
   */
  private Trained train(TenantId tenant, String jobId, Request request) {
    long t0 = System.nanoTime();
    join(jobs.running(tenant, jobId));
    Progress progress = new Progress(tenant, jobId);
    // enough sort/hash memory that 100k events aggregate without spilling to disk (this transaction only)
    RowSet<Row> rows = join(pool.withTransaction(conn -> conn.query("set local work_mem = '64MB'").execute()
        .compose(v -> conn.preparedQuery(TrainingData.SQL).execute(Tuple.of(tenant.value())))));
    long loaded = System.nanoTime();
    progress.report(0.15, "building the user-item matrix from " + rows.size() + " pairs");
    TrainingData data = TrainingData.fromRows(rows);
    if (request.kind().usesItemText()) {
      progress.report(0.17, "reading the catalogue's item text and categories");
      data = data.withItemFeatures(ItemTexts.fromRows(join(pool.preparedQuery(ItemTexts.SQL)
          .execute(Tuple.of(tenant.value())))));
    }
    if (data.all().nnz() == 0) {
      throw new TrainingException("there are no positive events to learn from yet; send views, clicks or "
          + "purchases to POST /v1/events, then train again");
    }
    long built = System.nanoTime();
    progress.report(0.2, "fitting on the holdout split");
    TrainedModel holdoutModel = fit(request, data.train(), (stage, f) -> progress.report(0.2 + 0.3 * f,
        "fitting on the holdout split: " + stage));
    OfflineMetrics metrics = OfflineMetrics.evaluate(holdoutModel, data.train(), data.test(), OfflineMetrics.K);
    long evaluated = System.nanoTime();
    progress.report(0.5, "fitting on all events");
    TrainedModel model = fit(request, data.all(), (stage, f) -> progress.report(0.5 + 0.4 * f,
        "fitting on all events: " + stage));
    byte[] payload = ModelCodec.encode(model);
    long fitted = System.nanoTime();
    progress.report(0.95, "saving the model");
    double seconds = (fitted - t0) / 1e9;
    LOG.info("tenant={} job {}: events query {} ms ({} pairs), matrices {} ms, holdout fit + metrics {} ms, "
        + "fit + encode {} ms", tenant, jobId, ms(loaded - t0), rows.size(), ms(built - loaded), ms(evaluated - built),
        ms(fitted - evaluated));
    JsonObject json = metrics.toJson()
        .put("params", new JsonObject(new HashMap<>(request.params())))
        .put("users", data.all().numUsers())
        .put("items", data.all().numItems())
        .put("interactions", data.all().nnz())
        .put("neighbours", model.neighbourEntries())
        .put("payloadBytes", payload.length);
    return new Trained(model, payload, json, seconds);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static <T> T join(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  /**
   * Fits the request's algorithm on {@code x} and converts it to its served form. A matrix too small
   * for the algorithm (the holdout of a tiny tenant) or a rejected option ends the job with the
   * algorithm's own message.
   */
  static TrainedModel fit(Request request, Interactions x, Training.Progress progress) {
    Algorithm<?> algorithm = Models.algorithm(request.kind().algorithm());
    try {
      return ServedModels.from(request.kind(), algorithm.fit(x, request.params(), new Training(FIT_THREADS, progress)));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new TrainingException(request.kind().wireName() + ": " + e.getMessage());
    }
  }

  /**
   * Writes progress at most every 5 points or on a new stage (fire and forget: a lost write only delays
   * the bar).
   */
  private final class Progress {
    private final TenantId tenant;
    private final String jobId;
    private double last = -1;
    private String lastMessage = "";

    Progress(TenantId tenant, String jobId) {
      this.tenant = tenant;
      this.jobId = jobId;
    }

    synchronized void report(double fraction, String message) {
      if (fraction - last < 0.05 && message.equals(lastMessage)) {
        return;
      }
      last = fraction;
      lastMessage = message;
      jobs.progress(tenant, jobId, fraction, message)
          .onFailure(e -> LOG.warn("tenant={} job {}: progress not recorded: {}", tenant, jobId, e.toString()));
    }
  }

  /** A training that cannot run for a reason the tenant can fix; its message is shown on the job. */
  static final class TrainingException extends RuntimeException {
    TrainingException(String message) {
      super(message);
    }
  }

  /** The tenant's default model is not one this server can train. */
  public static final class UnknownModelException extends RuntimeException {
    UnknownModelException(String message) {
      super(message);
    }
  }
}
