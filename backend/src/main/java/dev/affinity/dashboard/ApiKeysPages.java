package dev.affinity.dashboard;

import dev.affinity.tenants.ApiKeyInfo;
import dev.affinity.tenants.ApiKeyService;
import dev.affinity.tenants.CreatedKey;
import dev.affinity.tenants.Scope;
import dev.affinity.tenants.TenantId;
import dev.affinity.tenants.TenantValidationException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys page: list, create (the new key is shown once, in the response to the create form, and
 * never again) and revoke. All through {@link ApiKeyService}, so the dashboard and {@code /v1/api-keys}
 * obey the same rules and revocation reaches every node's cache at once.
 */
final class ApiKeysPages {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeysPages.class);

  private final ApiKeyService keys;
  private final Pages pages;
  private final Csrf csrf;
  private final BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession;

  ApiKeysPages(ApiKeyService keys, Pages pages, Csrf csrf,
               BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession) {
    this.keys = keys;
    this.pages = pages;
    this.csrf = csrf;
    this.withSession = withSession;
  }

  void list(RoutingContext ctx) {
    withSession.accept(ctx, session -> render(ctx, session, 200, null, null).onFailure(ctx::fail));
  }

  void create(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      TenantId tenant = session.tenant().id();
      String name = ctx.request().getFormAttribute("name");
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      for (String wire : ctx.request().formAttributes().getAll("scopes")) {
        Optional<Scope> scope = Scope.fromWire(wire);
        if (scope.isEmpty()) {
          render(ctx, session, 400, null, "Unknown scope; choose ingest, recommend or admin.").onFailure(ctx::fail);
          return;
        }
        scopes.add(scope.get());
      }
      keys.create(tenant, name, scopes)
          .map(CreatedKey::apiKey)
          .onSuccess(key -> LOG.info("tenant={} admin {} created an API key in the dashboard", tenant,
              session.admin().subject()))
          .compose(key -> render(ctx, session, 200, key, null),
              e -> e instanceof TenantValidationException v
                  ? render(ctx, session, 400, null, capitalise(v.getMessage()) + ".")
                  : Future.failedFuture(e))
          .onFailure(ctx::fail);
    });
  }

  void revoke(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      TenantId tenant = session.tenant().id();
      String keyId = ctx.pathParam("keyId");
      keys.revoke(tenant, keyId)
          .compose(found -> {
            if (!found) {
              // Another tenant's key and a key that never existed look the same: existence is not leaked.
              return Future.failedFuture(new DashboardException(404, "There is no API key with that id."));
            }
            LOG.info("tenant={} admin {} revoked API key {} in the dashboard", tenant, session.admin().subject(), keyId);
            return Pages.redirect(ctx, "/dashboard/api-keys");
          })
          .onFailure(ctx::fail);
    });
  }

  private Future<Void> render(RoutingContext ctx, Sessions.Session session, int status, String newKey, String error) {
    return keys.list(session.tenant().id()).compose(list -> {
      Map<String, Object> vars = navVariables(session, csrf.tokenFor(ctx));
      vars.put("keys", rows(list));
      vars.put("newKey", newKey);
      vars.put("error", error);
      return pages.send(ctx, status, "api-keys.html", vars);
    });
  }

  static List<Map<String, Object>> rows(List<ApiKeyInfo> list) {
    List<Map<String, Object>> rows = new ArrayList<>(list.size());
    for (ApiKeyInfo k : list) {
      Map<String, Object> row = new HashMap<>();
      row.put("keyId", k.keyId());
      row.put("name", k.name());
      row.put("scopes", k.scopes().stream().sorted().map(Scope::wireName).collect(Collectors.joining(",")));
      row.put("createdAt", seconds(k.createdAt()));
      row.put("revokedAt", seconds(k.revokedAt()));
      rows.add(row);
    }
    return rows;
  }

  /** Variables every page with the navigation bar needs. */
  static Map<String, Object> navVariables(Sessions.Session session, String csrfToken) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("tenantName", session.tenant().name());
    vars.put("adminEmail", session.admin().subject());
    vars.put("csrfToken", csrfToken);
    return vars;
  }

  private static String seconds(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
