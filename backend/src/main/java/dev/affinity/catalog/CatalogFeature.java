package dev.affinity.catalog;

import dev.affinity.app.Services;
import dev.affinity.http.ApiFeature;
import dev.affinity.http.ApiProblem;
import dev.affinity.http.RequestIds;
import dev.affinity.http.Requests;
import dev.affinity.http.Responses;
import dev.affinity.recommend.serving.ServingEvents;
import dev.affinity.tenants.ForbiddenException;
import dev.affinity.tenants.Principal;
import dev.affinity.tenants.Scope;
import dev.affinity.tenants.TenantGuard;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/items} and {@code /v1/users}: the tenant's catalogue and user profiles. Batches are all or
 * nothing (one statement each); objects of other tenants answer 404. Item upserts and deletes and user
 * erasures are announced cluster-wide after they commit ({@link ServingEvents}), so no node keeps serving
 * a deleted or deactivated item or an erased user's history.
 */
public final class CatalogFeature implements ApiFeature {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogFeature.class);

  private final Vertx vertx;
  private final ItemStore items;
  private final UserStore users;

  public CatalogFeature(Services services) {
    this.vertx = services.vertx();
    this.items = new ItemStore(services.pool());
    this.users = new UserStore(services.pool());
  }

  @Override
  public void mountOperations(RouterBuilder api) {
    api.getRoute("upsertItems").addHandler(this::upsertItems);
    api.getRoute("getItem").addHandler(this::getItem);
    api.getRoute("deleteItem").addHandler(this::deleteItem);
    api.getRoute("upsertUsers").addHandler(this::upsertUsers);
    api.getRoute("getUser").addHandler(this::getUser);
    api.getRoute("deleteUser").addHandler(this::deleteUser);
  }

  private void upsertItems(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.INGEST);
    TenantId tenant = TenantGuard.tenant(ctx);
    ItemBatch batch = ItemBatch.from(Requests.bodyArray(ctx));
    items.upsert(tenant, batch)
        .compose(n -> ServingEvents.itemsChanged(vertx, tenant, batch.ids()).map(n))
        .onSuccess(n -> {
          LOG.info("tenant {} request {} upserted {} items", tenant, RequestIds.get(ctx), n);
          Responses.json(ctx, 200, new JsonObject().put("upserted", n));
        })
        .onFailure(ctx::fail);
  }

  private void getItem(RoutingContext ctx) {
    requireIngestOrRecommend(ctx);
    TenantId tenant = TenantGuard.tenant(ctx);
    String id = Requests.path(ctx, "itemId");
    items.get(tenant, id)
        .onSuccess(item -> item.ifPresentOrElse(json -> Responses.json(ctx, 200, json),
            () -> ctx.fail(ApiProblem.notFound("No item '" + id + "'."))))
        .onFailure(ctx::fail);
  }

  private void deleteItem(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.INGEST);
    TenantId tenant = TenantGuard.tenant(ctx);
    String id = Requests.path(ctx, "itemId");
    items.delete(tenant, id)
        .compose(found -> found ? ServingEvents.itemsChanged(vertx, tenant, id).map(true) : Future.succeededFuture(false))
        .onSuccess(found -> {
          if (!found) {
            ctx.fail(ApiProblem.notFound("No item '" + id + "'."));
            return;
          }
          LOG.info("tenant {} request {} deleted item {}", tenant, RequestIds.get(ctx), id);
          Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  private void upsertUsers(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.INGEST);
    TenantId tenant = TenantGuard.tenant(ctx);
    JsonArray body = Requests.bodyArray(ctx);
    int n = body.size();
    JsonObject[] rows = new JsonObject[n];
    Set<String> seen = new HashSet<>(n * 2);
    for (int i = 0; i < n; i++) {
      rows[i] = body.getJsonObject(i);
      if (!seen.add(rows[i].getString("id"))) {
        throw ApiProblem.badRequest("[" + i + "].id: user '" + rows[i].getString("id")
            + "' appears more than once in this batch; send each user once");
      }
    }
    Arrays.sort(rows, (a, b) -> a.getString("id").compareTo(b.getString("id")));
    String[] ids = new String[n];
    String[] attributes = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = rows[i].getString("id");
      attributes[i] = rows[i].getJsonObject("attributes", new JsonObject()).encode();
    }
    users.upsert(tenant, ids, attributes)
        .onSuccess(count -> {
          LOG.info("tenant {} request {} upserted {} users", tenant, RequestIds.get(ctx), count);
          Responses.json(ctx, 200, new JsonObject().put("upserted", count));
        })
        .onFailure(ctx::fail);
  }

  private void getUser(RoutingContext ctx) {
    requireIngestOrRecommend(ctx);
    TenantId tenant = TenantGuard.tenant(ctx);
    String id = Requests.path(ctx, "userId");
    users.get(tenant, id)
        .onSuccess(user -> user.ifPresentOrElse(json -> Responses.json(ctx, 200, json),
            () -> ctx.fail(ApiProblem.notFound("No user '" + id + "'."))))
        .onFailure(ctx::fail);
  }

  private void deleteUser(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.INGEST);
    TenantId tenant = TenantGuard.tenant(ctx);
    String id = Requests.path(ctx, "userId");
    users.erase(tenant, id)
        .compose(found -> found ? ServingEvents.usersErased(vertx, tenant, id).map(true) : Future.succeededFuture(false))
        .onSuccess(found -> {
          if (!found) {
            ctx.fail(ApiProblem.notFound("No user '" + id + "' and no events of theirs."));
            return;
          }
          LOG.info("tenant {} request {} erased user {} and their events", tenant, RequestIds.get(ctx), id);
          Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  /** Reads are open to back ends (ingest) and front ends (recommend) alike. */
  private static void requireIngestOrRecommend(RoutingContext ctx) {
    Principal p = TenantGuard.principal(ctx);
    if (!p.has(Scope.INGEST) && !p.has(Scope.RECOMMEND)) {
      throw new ForbiddenException("this credential lacks the 'ingest' or 'recommend' scope; use an API key"
          + " that has one of them");
    }
  }
}
