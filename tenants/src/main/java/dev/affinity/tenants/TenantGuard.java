package dev.affinity.tenants;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * The route handler that turns a credential into a verified {@link Principal} on every request,
 * so that handlers get the tenant from the credential and never from the URL or body.
 *
 * <p>Reads {@code Authorization: Bearer <token>}, or, when that header is absent, the dashboard's
 * session cookie. The token is, in this order: the operator token (compared in constant time),
 * a tenant API key ({@code ak_...}), or an admin session JWT. On success the principal is put on
 * the context under {@link #PRINCIPAL}; otherwise the request fails with
 * {@link UnauthorizedException}, whose message says what to fix. Place a {@code BodyHandler}
 * before this handler (key and JWT checks may complete asynchronously).
 */
public final class TenantGuard implements Handler<RoutingContext> {

    /** Routing-context key under which the verified {@link Principal} is stored. */
    public static final String PRINCIPAL = "affinity.principal";
    private static final String BEARER = "bearer ";

    private final ApiKeyService keys;
    private final JwtTokens jwt;
    private final byte[] operatorToken;
    private final String sessionCookieName;

    /**
     * @param operatorToken     the platform operator's token; null or blank disables operator access
     * @param sessionCookieName cookie holding the dashboard session JWT; null disables cookie sessions
     */
    public TenantGuard(ApiKeyService keys, JwtTokens jwt, String operatorToken, String sessionCookieName) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.operatorToken = operatorToken == null || operatorToken.isBlank()
                ? null : operatorToken.getBytes(StandardCharsets.UTF_8);
        this.sessionCookieName = sessionCookieName;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token;
        String header = ctx.request().getHeader("Authorization");
        if (header != null) {
            if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                ctx.fail(new UnauthorizedException("the Authorization header must be 'Bearer <token>'"));
                return;
            }
            token = header.substring(BEARER.length()).strip();
        } else {
            Cookie cookie = sessionCookieName == null ? null : ctx.request().getCookie(sessionCookieName);
            if (cookie == null || cookie.getValue() == null || cookie.getValue().isBlank()) {
                ctx.fail(new UnauthorizedException(
                        "missing credentials: send 'Authorization: Bearer <API key>' or log in to the dashboard"));
                return;
            }
            token = cookie.getValue().strip();
        }
        if (token.isEmpty()) {
            ctx.fail(new UnauthorizedException("empty bearer token: send 'Authorization: Bearer <API key>'"));
            return;
        }
        resolve(token).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.put(PRINCIPAL, ar.result());
                ctx.next();
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private Future<Principal> resolve(String token) {
        if (operatorToken != null && MessageDigest.isEqual(operatorToken, token.getBytes(StandardCharsets.UTF_8))) {
            return Future.succeededFuture(Principal.operator());
        }
        if (token.startsWith(ApiKeyCodec.PREFIX)) {
            return keys.authenticate(token).compose(p -> p
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(new UnauthorizedException(
                            "unknown or revoked API key; create a new key in the dashboard or ask your admin"))));
        }
        return jwt.verify(token);
    }

    /** The verified principal of this request; 401 if the guard did not run or did not pass. */
    public static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL);
        if (p == null) {
            throw new UnauthorizedException("this request carries no verified credential");
        }
        return p;
    }

    /** Throws {@link ForbiddenException} unless the request's principal holds the scope. */
    public static void requireScope(RoutingContext ctx, Scope scope) {
        if (!principal(ctx).has(scope)) {
            throw new ForbiddenException("this credential lacks the '" + scope.wireName()
                    + "' scope; use an API key that has it");
        }
    }

    /** The request's tenant; {@link ForbiddenException} for the operator, who has no tenant. */
    public static TenantId tenant(RoutingContext ctx) {
        return Optional.ofNullable(principal(ctx).tenantId()).orElseThrow(() -> new ForbiddenException(
                "the operator token is not bound to a tenant; use one of the tenant's API keys"));
    }
}
