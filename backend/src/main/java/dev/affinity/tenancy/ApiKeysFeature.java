package dev.affinity.tenancy;

import dev.affinity.app.Services;
import dev.affinity.http.ApiFeature;
import dev.affinity.http.ApiProblem;
import dev.affinity.http.Requests;
import dev.affinity.http.Responses;
import dev.affinity.tenants.ApiKeyInfo;
import dev.affinity.tenants.Scope;
import dev.affinity.tenants.TenantGuard;
import dev.affinity.tenants.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /v1/api-keys}: a tenant admin lists, creates and revokes the tenant's API keys. */
public final class ApiKeysFeature implements ApiFeature {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeysFeature.class);
  private final Services services;

  public ApiKeysFeature(Services services) {
    this.services = services;
  }

  @Override
  public void mountOperations(RouterBuilder api) {
    api.getRoute("listApiKeys").addHandler(this::list);
    api.getRoute("createApiKey").addHandler(this::create);
    api.getRoute("revokeApiKey").addHandler(this::revoke);
  }

  private void list(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.ADMIN);
    TenantId tenant = TenantGuard.tenant(ctx);
    services.apiKeys().list(tenant)
        .onSuccess(keys -> {
          JsonArray out = new JsonArray();
          keys.forEach(k -> out.add(toJson(k)));
          Responses.json(ctx, 200, new JsonObject().put("keys", out));
        })
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.ADMIN);
    TenantId tenant = TenantGuard.tenant(ctx);
    JsonObject body = Requests.bodyObject(ctx);
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (Object s : body.getJsonArray("scopes")) {
      scopes.add(Scope.fromWire(String.valueOf(s))
          .orElseThrow(() -> ApiProblem.badRequest("Unknown scope '" + s + "'; use ingest, recommend or admin.")));
    }
    services.apiKeys().create(tenant, body.getString("name"), scopes)
        .onSuccess(key -> {
          LOG.info("tenant {} created API key {}", tenant, key.keyId());
          Responses.json(ctx, 201, new JsonObject()
              .put("keyId", key.keyId())
              .put("name", key.name())
              .put("scopes", scopesJson(key.scopes()))
              .put("createdAt", key.createdAt().toString())
              .putNull("revokedAt")
              .put("apiKey", key.apiKey()));
        })
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.ADMIN);
    TenantId tenant = TenantGuard.tenant(ctx);
    String keyId = Requests.path(ctx, "keyId");
    services.apiKeys().revoke(tenant, keyId)
        .onSuccess(found -> {
          if (!found) {
            ctx.fail(ApiProblem.notFound("No API key '" + keyId + "'."));
            return;
          }
          LOG.info("tenant {} revoked API key {}", tenant, keyId);
          Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  static JsonObject toJson(ApiKeyInfo k) {
    return new JsonObject()
        .put("keyId", k.keyId())
        .put("name", k.name())
        .put("scopes", scopesJson(k.scopes()))
        .put("createdAt", k.createdAt().toString())
        .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString());
  }

  private static JsonArray scopesJson(Set<Scope> scopes) {
    JsonArray a = new JsonArray();
    scopes.stream().sorted().forEach(s -> a.add(s.wireName()));
    return a;
  }
}
