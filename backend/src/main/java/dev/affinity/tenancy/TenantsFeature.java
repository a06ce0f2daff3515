package dev.affinity.tenancy;

import dev.affinity.app.Services;
import dev.affinity.http.ApiFeature;
import dev.affinity.http.ApiProblem;
import dev.affinity.http.Requests;
import dev.affinity.http.Responses;
import dev.affinity.tenants.ForbiddenException;
import dev.affinity.tenants.Principal;
import dev.affinity.tenants.TenantGuard;
import dev.affinity.tenants.TenantId;
import dev.affinity.tenants.TenantInfo;
import io.vertx.core.Future;
import java.util.Optional;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform operator's tenant endpoints: {@code POST /v1/tenants} creates a tenant with its first
 * admin and API key; {@code PATCH /v1/tenants/{id}} changes its rate limit and event quota.
 */
public final class TenantsFeature implements ApiFeature {
  private static final Logger LOG = LoggerFactory.getLogger(TenantsFeature.class);
  private final Services services;

  public TenantsFeature(Services services) {
    this.services = services;
  }

  @Override
  public void mountOperations(RouterBuilder api) {
    api.getRoute("createTenant").addHandler(this::createTenant);
    api.getRoute("updateTenantLimits").addHandler(this::updateLimits);
  }

  private void updateLimits(RoutingContext ctx) {
    requireOperator(ctx, "change tenant limits");
    TenantId tenant = TenantId.parse(Requests.path(ctx, "tenantId"))
        .orElseThrow(() -> ApiProblem.notFound("No tenant '" + Requests.path(ctx, "tenantId") + "'."));
    JsonObject body = Requests.bodyObject(ctx);
    Integer rate = body.getInteger("rateLimitPerSecond");
    Long maxEvents = body.getLong("maxEvents");
    Future<Boolean> rateSet = rate == null ? Future.succeededFuture(true)
        : services.tenants().setRateLimit(tenant, rate);
    rateSet
        .compose(found -> !found || maxEvents == null ? Future.succeededFuture(found)
            : services.tenants().setMaxEvents(tenant, maxEvents))
        .compose(found -> found ? services.tenants().find(tenant)
            : Future.succeededFuture(Optional.<TenantInfo>empty()))
        .onSuccess(info -> {
          if (info.isEmpty()) {
            ctx.fail(ApiProblem.notFound("No tenant '" + tenant + "'."));
            return;
          }
          Responses.json(ctx, 200, new JsonObject()
              .put("id", info.get().id().toString())
              .put("name", info.get().name())
              .put("rateLimitPerSecond", info.get().rateLimitPerSecond())
              .put("maxEvents", info.get().maxEvents()));
        })
        .onFailure(ctx::fail);
  }

  private static void requireOperator(RoutingContext ctx, String action) {
    if (TenantGuard.principal(ctx).kind() != Principal.Kind.OPERATOR) {
      throw new ForbiddenException("Only the platform operator (AFFINITY_OPERATOR_TOKEN) can " + action + ".");
    }
  }

  private void createTenant(RoutingContext ctx) {
    requireOperator(ctx, "create tenants");
    JsonObject body = Requests.bodyObject(ctx);
    services.tenants().create(body.getString("name"), body.getString("adminEmail"), body.getString("adminPassword"))
        .onSuccess(created -> {
          LOG.info("tenant {} created ('{}')", created.id(), created.name());
          Responses.json(ctx, 201, new JsonObject()
              .put("id", created.id().toString())
              .put("name", created.name())
              .put("apiKey", created.apiKey()));
        })
        .onFailure(ctx::fail);
  }
}
