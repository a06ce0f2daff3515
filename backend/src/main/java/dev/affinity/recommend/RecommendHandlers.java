package dev.affinity.recommend;

import dev.affinity.http.ApiProblem;
import dev.affinity.http.Requests;
import dev.affinity.http.Responses;
import dev.affinity.recommend.serving.Recommender;
import dev.affinity.tenants.Scope;
import dev.affinity.tenants.TenantGuard;
import dev.affinity.tenants.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The serving routes; one handler per route. Parameters are already validated by the contract. */
final class RecommendHandlers {
  static final int DEFAULT_COUNT = 10;
  private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final Recommender recommender;

  RecommendHandlers(Recommender recommender) {
    this.recommender = recommender;
  }

  void forUser(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.RECOMMEND);
    TenantId tenant = TenantGuard.tenant(ctx);
    String userId = Requests.path(ctx, "userId");
    int count = Requests.queryInt(ctx, "count", DEFAULT_COUNT);
    recommender.forUser(tenant, userId, count, Requests.queryString(ctx, "category"),
            parseExclude(Requests.queryString(ctx, "exclude")), Requests.queryBool(ctx, "includeSeen", false))
        .onSuccess(r -> Responses.json(ctx, 200, new JsonObject()
            .put("recommendationId", recommendationId())
            .put("model", r.model())
            .putNull("experiment")
            .putNull("variant")
            .put("items", items(r.items()))))
        .onFailure(ctx::fail);
  }

  void similar(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.RECOMMEND);
    TenantId tenant = TenantGuard.tenant(ctx);
    String itemId = Requests.path(ctx, "itemId");
    recommender.similar(tenant, itemId, Requests.queryInt(ctx, "count", DEFAULT_COUNT))
        .onSuccess(r -> {
          if (r == null) {
            ctx.fail(ApiProblem.notFound("No item '" + itemId + "'; add it with POST /v1/items first."));
            return;
          }
          Responses.json(ctx, 200, new JsonObject().put("model", r.model()).put("items", items(r.items())));
        })
        .onFailure(ctx::fail);
  }

  void popular(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.RECOMMEND);
    TenantId tenant = TenantGuard.tenant(ctx);
    recommender.popular(tenant, Requests.queryInt(ctx, "count", DEFAULT_COUNT), Requests.queryString(ctx, "category"))
        .onSuccess(r -> Responses.json(ctx, 200, new JsonObject().put("model", r.model()).put("items", items(r.items()))))
        .onFailure(ctx::fail);
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

  private static JsonArray items(List<Recommender.Scored> items) {
    JsonArray out = new JsonArray();
    for (Recommender.Scored s : items) {
      out.add(new JsonObject().put("id", s.id()).put("score", s.score()));
    }
    return out;
  }
}
