package dev.affinity.recommend;

import dev.affinity.experiments.exposure.ExposureLog;
import dev.affinity.experiments.serving.ExperimentChooser;
import dev.affinity.http.ApiProblem;
import dev.affinity.recommend.serving.Recommender;
import dev.affinity.tenants.Scope;
import dev.affinity.tenants.TenantGuard;
import dev.affinity.tenants.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The serving routes; one handler per route. These routes are mounted without the OpenAPI router's
 * request validation, which runs on a worker thread (ordered per event loop) and builds schema validators
 * per request — it cost more than answering. The few parameters are checked here instead, on the event
 * loop, with the contract's rules ({@code openapi.yaml}: ids 1–256 characters, {@code count} an integer in
 * 1–{@value #MAX_COUNT}, {@code category} 1–256 characters, {@code exclude} at most 10,000, {@code includeSeen}
 * a boolean), answering 400 like the validator would.
 *
 * <p>A user inside a running experiment ({@link ExperimentChooser}, cached: no SQL when warm) is served with
 * the variant's model (its newest version, or the version {@code params.version} pins; see
 * {@code VariantModels}) and count, the response names the experiment and variant, and the exposure is recorded
 * against the response's recommendationId (the log buffers it; its future is normally already complete).
 */
final class RecommendHandlers {
  static final int DEFAULT_COUNT = 10;
  static final int MAX_COUNT = 500;
  static final int MAX_ID = 256;
  static final int MAX_EXCLUDE = 10_000;
  private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final Recommender recommender;
  private final ExperimentChooser experiments;
  private final ExposureLog exposures;

  RecommendHandlers(Recommender recommender, ExperimentChooser experiments, ExposureLog exposures) {
    this.recommender = recommender;
    this.experiments = experiments;
    this.exposures = exposures;
  }

  void forUser(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.RECOMMEND);
    TenantId tenant = TenantGuard.tenant(ctx);
    String userId = id(ctx, "userId");
    int count = count(ctx);
    String category = category(ctx);
    Set<String> exclude = parseExclude(query(ctx, "exclude", 0, MAX_EXCLUDE));
    boolean includeSeen = includeSeen(ctx);
    String recommendationId = recommendationId();
    experiments.choose(tenant, userId).compose(choice -> {
      int n = choice != null && choice.arm().count() != null ? choice.arm().count() : count;
      Future<Recommender.Result> served = choice == null
          ? recommender.forUser(tenant, userId, n, category, exclude, includeSeen)
          : recommender.forUser(tenant, userId, n, category, exclude, includeSeen, choice.arm().model(),
              choice.arm().params().getLong("version"));
      if (choice == null) {
        return served.map(r -> body(recommendationId, r, null, null));
      }
      String variant = choice.arm().variant();
      return served.compose(r -> exposures.record(tenant, recommendationId, choice.experimentId(), variant, userId,
          Instant.now()).map(v -> body(recommendationId, r, choice.experimentId(), variant)));
    })
        .onSuccess(body -> json(ctx, body))
        .onFailure(ctx::fail);
  }

  private static Buffer body(String recommendationId, Recommender.Result r, String experiment, String variant) {
    return ScoredJson.recommendations(recommendationId, r, experiment, variant);
  }

  private static void json(RoutingContext ctx, Buffer body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body);
  }

  void similar(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.RECOMMEND);
    TenantId tenant = TenantGuard.tenant(ctx);
    String itemId = id(ctx, "itemId");
    recommender.similar(tenant, itemId, count(ctx))
        .onSuccess(r -> {
          if (r == null) {
            ctx.fail(ApiProblem.notFound("No item '" + itemId + "'; add it with POST /v1/items first."));
            return;
          }
          json(ctx, ScoredJson.list(r));
        })
        .onFailure(ctx::fail);
  }

  void popular(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.RECOMMEND);
    TenantId tenant = TenantGuard.tenant(ctx);
    recommender.popular(tenant, count(ctx), category(ctx))
        .onSuccess(r -> json(ctx, ScoredJson.list(r)))
        .onFailure(ctx::fail);
  }

  private static String id(RoutingContext ctx, String name) {
    String id = ctx.pathParam(name);
    if (id == null || id.isEmpty() || id.length() > MAX_ID) {
      throw ApiProblem.badRequest("path parameter '" + name + "' must be 1 to " + MAX_ID + " characters long");
    }
    return id;
  }

  /** The query parameter (its first value), or null when absent; 400 when its length is out of bounds. */
  private static String query(RoutingContext ctx, String name, int minLength, int maxLength) {
    String value = ctx.request().getParam(name);
    if (value != null && (value.length() < minLength || value.length() > maxLength)) {
      throw ApiProblem.badRequest("query parameter '" + name + "' must be " + minLength + " to " + maxLength
          + " characters long");
    }
    return value;
  }

  private static String category(RoutingContext ctx) {
    return query(ctx, "category", 1, MAX_ID);
  }

  static int count(RoutingContext ctx) {
    String raw = ctx.request().getParam("count");
    if (raw == null) {
      return DEFAULT_COUNT;
    }
    int count;
    try {
      count = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1 || count > MAX_COUNT) {
      throw ApiProblem.badRequest("query parameter 'count' must be an integer from 1 to " + MAX_COUNT + ", not '"
          + (raw.length() > 20 ? raw.substring(0, 20) + "…" : raw) + "'");
    }
    return count;
  }

  private static boolean includeSeen(RoutingContext ctx) {
    String raw = ctx.request().getParam("includeSeen");
    if (raw == null || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw ApiProblem.badRequest("query parameter 'includeSeen' must be true or false");
  }

  /** {@code exclude=a,b}: comma-separated ids; blanks around and between commas are ignored. */
  static Set<String> parseExclude(String raw) {
    if (raw == null || raw.isBlank()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (String part : raw.split(",")) {
      String id = part.strip();
      if (!id.isEmpty()) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * A URL-safe id, unique per response, which clients send back with the clicks it produced: 48 bits of
   * milliseconds plus 96 random bits, base64url (no padding), 24 characters.
   */
  static String recommendationId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] b = new byte[18];
    long now = System.currentTimeMillis();
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) (now >>> (40 - 8 * i));
    }
    long a = r.nextLong();
    int c = r.nextInt();
    for (int i = 0; i < 8; i++) {
      b[6 + i] = (byte) (a >>> (56 - 8 * i));
    }
    for (int i = 0; i < 4; i++) {
      b[14 + i] = (byte) (c >>> (24 - 8 * i));
    }
    return ID_ENCODER.encodeToString(b);
  }
}
