package dev.affinity.dashboard;

import dev.affinity.tenants.JwtTokens;
import dev.affinity.tenants.Principal;
import dev.affinity.tenants.TenantInfo;
import dev.affinity.tenants.TenantRegistry;
import dev.affinity.tenants.UnauthorizedException;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Dashboard sessions: a signed admin JWT in the {@code affinity_session} cookie (HttpOnly so scripts never
 * see it, SameSite=Strict so other sites cannot ride on it, Secure behind HTTPS). Verification is the JWT's
 * signature and expiry plus a look-up of the tenant, so a session of a deleted tenant is dead too.
 */
final class Sessions {
  /** Same name as {@code HttpVerticle.SESSION_COOKIE}, which the API guard also accepts. */
  static final String COOKIE = "affinity_session";
  static final Duration TTL = Duration.ofHours(8);

  /** A verified admin and their tenant. */
  record Session(Principal admin, TenantInfo tenant) {
  }

  private final JwtTokens jwt;
  private final TenantRegistry tenants;
  private final boolean secureCookies;

  Sessions(JwtTokens jwt, TenantRegistry tenants, boolean secureCookies) {
    this.jwt = jwt;
    this.tenants = tenants;
    this.secureCookies = secureCookies;
  }

  /** The request's session; empty when there is no cookie or it is expired, tampered or of a gone tenant. */
  Future<Optional<Session>> current(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return jwt.verify(cookie.getValue())
        .compose(p -> p.kind() == Principal.Kind.ADMIN_SESSION
            ? tenants.find(p.tenantId()).map(t -> t.map(info -> new Session(p, info)))
            : Future.succeededFuture(Optional.<Session>empty()))
        .recover(e -> e instanceof UnauthorizedException
            ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(e));
  }

  /** Sets the session cookie for a freshly logged-in admin. */
  void start(RoutingContext ctx, Principal admin) {
    ctx.response().addCookie(base(jwt.issue(admin)).setMaxAge(TTL.toSeconds()));
  }

  /** Expires the session cookie in the browser. */
  void end(RoutingContext ctx) {
    ctx.response().addCookie(base("").setMaxAge(0));
  }

  boolean present(RoutingContext ctx) {
    return ctx.request().getCookie(COOKIE) != null;
  }

  private Cookie base(String value) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
        .setSecure(secureCookies);
  }
}
