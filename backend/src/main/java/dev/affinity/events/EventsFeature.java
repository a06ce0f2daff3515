package dev.affinity.events;

import dev.affinity.app.Services;
import dev.affinity.http.ApiFeature;
import dev.affinity.http.ApiProblem;
import dev.affinity.http.RequestIds;
import dev.affinity.http.Requests;
import dev.affinity.http.Responses;
import dev.affinity.metrics.NodeMetrics;
import dev.affinity.recommend.serving.ServingEvents;
import dev.affinity.tenants.Scope;
import dev.affinity.tenants.TenantGuard;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: the ingestion hot path. A batch is acknowledged only after it is committed;
 * an {@code Idempotency-Key} makes a retried batch count once. After the commit (and before answering)
 * the batch's distinct users and newly created items are announced cluster-wide
 * ({@link ServingEvents#eventsIngested}), so every node's serving caches drop those users' histories.
 */
public final class EventsFeature implements ApiFeature {
  private static final Logger LOG = LoggerFactory.getLogger(EventsFeature.class);
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_KEY = 200;
  /** Bodies up to this size are parsed on the event loop; larger ones (up to ~10 ms of CPU) on a worker. */
  private static final int INLINE_PARSE_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final EventStore store;
  private final EventQuota quota;
  private final NodeMetrics metrics;

  public EventsFeature(Services services) {
    this.vertx = services.vertx();
    this.store = new EventStore(services.pool());
    this.quota = new EventQuota(services.vertx(), services.pool());
    this.metrics = services.metrics();
  }

  @Override
  public void mountOperations(RouterBuilder api) {
    // EventParser enforces the Event schema while reading the bytes; the generic validator would build
    // and walk a JSON tree of up to 10,000 events first, which costs more than storing them.
    api.getRoute("ingestEvents").setDoValidation(false).addHandler(this::ingest);
  }

  private void ingest(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.INGEST);
    TenantId tenant = TenantGuard.tenant(ctx);
    long started = System.nanoTime();
    requireJson(ctx);
    String key = idempotencyKey(ctx);
    Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    Future<Parsed> parsed = body.length() < INLINE_PARSE_BYTES
        ? Future.succeededFuture(parse(body, key))
        : vertx.executeBlocking(() -> parse(body, key), false);
    parsed.compose(p -> quota.admit(tenant, p.batch().size())
        .compose(v -> store.ingest(tenant, p.batch(), key, p.hash()), refused -> replayOrRefuse(ctx, tenant, key, p, refused))
        .compose(outcome -> {
      LOG.debug("tenant {} request {} {} {} events in {} ms", tenant, RequestIds.get(ctx),
          outcome.replayed() ? "replayed" : "stored", p.batch().size(), (System.nanoTime() - started) / 1_000_000);
      if (outcome.replayed()) {
        ctx.response().putHeader("Idempotent-Replayed", "true");
        return Future.succeededFuture(outcome.response());
      }
      quota.stored(tenant, p.batch().size());
      metrics.eventsIngested(tenant, p.batch().size());
      return ServingEvents.eventsIngested(vertx, tenant, p.batch().distinctUsers(), outcome.newItems())
          .map(outcome.response());
    }))
        .onSuccess(response -> Responses.json(ctx, 200, response))
        .onFailure(ctx::fail);
  }

  /**
   * A batch the quota refused is still answered from its idempotency key when it was stored before: a
   * client retrying a batch whose first answer it lost must get that answer, not a 429 for data the
   * tenant already has. Otherwise the refusal stands, with Retry-After like every 429 of the API.
   */
  private Future<EventStore.Outcome> replayOrRefuse(RoutingContext ctx, TenantId tenant, String key, Parsed p,
      Throwable refused) {
    Future<Optional<JsonObject>> prior = key == null ? Future.succeededFuture(Optional.empty())
        : store.prior(tenant, key, p.hash());
    return prior.compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(new EventStore.Outcome(found.get(), true, new String[0]));
      }
      ctx.response().putHeader("Retry-After", EventQuota.RETRY_AFTER_SECONDS);
      return Future.failedFuture(refused);
    });
  }

  /** The batch and, with an idempotency key, the body's hash. */
  private record Parsed(EventBatch batch, String hash) {
  }

  private static Parsed parse(Buffer body, String key) {
    return new Parsed(EventParser.parse(body), key == null ? null : sha256(body));
  }

  private static void requireJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.regionMatches(true, 0, "application/json", 0, "application/json".length())) {
      throw new ApiProblem(415, "Unsupported media type", "Send the events as application/json.");
    }
  }

  /** The Idempotency-Key header (1 to 200 characters, as in the contract), or null when absent. */
  private static String idempotencyKey(RoutingContext ctx) {
    String key = Requests.header(ctx, IDEMPOTENCY_KEY);
    if (key != null && (key.isEmpty() || key.length() > MAX_KEY)) {
      throw ApiProblem.badRequest("The Idempotency-Key header must be 1 to " + MAX_KEY + " characters long");
    }
    return key;
  }

  static String sha256(Buffer body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
