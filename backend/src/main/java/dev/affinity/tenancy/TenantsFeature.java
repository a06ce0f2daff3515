package dev.affinity.tenancy;

import dev.affinity.app.Services;
import dev.affinity.http.ApiFeature;
import dev.affinity.http.Requests;
import dev.affinity.http.Responses;
import dev.affinity.tenants.ForbiddenException;
import dev.affinity.tenants.Principal;
import dev.affinity.tenants.TenantGuard;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/tenants}: the platform operator creates a tenant with its first admin and API key. */
public final class TenantsFeature implements ApiFeature {
  private static final Logger LOG = LoggerFactory.getLogger(TenantsFeature.class);
  private final Services services;

  public TenantsFeature(Services services) {
    this.services = services;
  }

  @Override
  public void mountOperations(RouterBuilder api) {
    api.getRoute("createTenant").addHandler(this::createTenant);
  }

  private void createTenant(RoutingContext ctx) {
    Principal principal = TenantGuard.principal(ctx);
    if (principal.kind() != Principal.Kind.OPERATOR) {
      throw new ForbiddenException("Only the platform operator (AFFINITY_OPERATOR_TOKEN) can create tenants.");
    }
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
