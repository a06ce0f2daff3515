package dev.affinity.tenants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Issues and verifies dashboard session tokens (HS256 JWTs) for tenant admins.
 *
 * <p>The algorithm is pinned: the header must say {@code HS256} before the signature is even
 * looked at, which closes the classic {@code alg: none} and algorithm-confusion holes regardless
 * of library behaviour. Issuer, audience and expiry are required. Claims: {@code sub} (admin
 * email), {@code tid} (tenant uuid), {@code scopes} (wire names), {@code iss}, {@code aud},
 * {@code iat}, {@code exp}. Verification is pure CPU (no database), so sessions scale with nodes.
 */
public final class JwtTokens {

    private static final Logger LOG = LoggerFactory.getLogger(JwtTokens.class);
    static final String ALGORITHM = "HS256";
    private static final String EXPIRED = "session expired; log in again";
    private static final String INVALID = "invalid session token; log in again";

    private final JwtSettings settings;
    private final JWTAuth auth;

    public JwtTokens(Vertx vertx, JwtSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        JWTOptions jwtOptions = new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(settings.issuer())
                .setAudience(List.of(settings.audience()));
        this.auth = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(Buffer.buffer(settings.hmacSecret())))
                .setJWTOptions(jwtOptions));
    }

    /** A signed session token for a tenant admin principal. */
    public String issue(Principal admin) {
        if (admin == null || admin.kind() != Principal.Kind.ADMIN_SESSION) {
            throw new IllegalArgumentException("session tokens are issued to ADMIN_SESSION principals only");
        }
        JsonArray scopes = new JsonArray();
        admin.scopes().forEach(s -> scopes.add(s.wireName()));
        JsonObject claims = new JsonObject().put("tid", admin.tenantId().toString()).put("scopes", scopes);
        JWTOptions options = new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(settings.issuer())
                .setAudience(List.of(settings.audience())).setSubject(admin.subject())
                .setExpiresInSeconds((int) settings.ttl().toSeconds());
        return auth.generateToken(claims, options);
    }

    /** The admin principal of a valid token; fails with {@link UnauthorizedException} otherwise. */
    public Future<Principal> verify(String token) {
        JsonObject unverifiedPayload;
        try {
            unverifiedPayload = checkShapeAndAlgorithm(token);
        } catch (RuntimeException e) {
            LOG.debug("session token rejected before signature check: {}", e.getMessage());
            return Future.failedFuture(new UnauthorizedException(INVALID));
        }
        long exp = unverifiedPayload.getValue("exp") instanceof Number n ? n.longValue() : -1;
        if (exp < 0) {
            return Future.failedFuture(new UnauthorizedException(INVALID));
        }
        boolean expired = exp <= System.currentTimeMillis() / 1000;
        return auth.authenticate(new TokenCredentials(token))
                .recover(e -> {
                    LOG.debug("session token rejected by JWT verification: {}", e.getMessage());
                    return Future.failedFuture(new UnauthorizedException(expired ? EXPIRED : INVALID));
                })
                .compose(user -> {
                    try {
                        // The signature covers exactly the payload bytes decoded above, so once
                        // Vert.x has verified it, that payload is trusted.
                        return Future.succeededFuture(toPrincipal(unverifiedPayload));
                    } catch (RuntimeException e) {
                        LOG.debug("session token rejected: {}", e.getMessage());
                        return Future.failedFuture(new UnauthorizedException(INVALID));
                    }
                });
    }

    /** Checks three base64url parts and an HS256 header; returns the (not yet trusted) payload. */
    private static JsonObject checkShapeAndAlgorithm(String token) {
        if (token == null) {
            throw new IllegalArgumentException("no token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a signed JWT");
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        JsonObject header = new JsonObject(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
        if (!ALGORITHM.equals(header.getString("alg"))) {
            throw new IllegalArgumentException("algorithm not allowed");
        }
        return new JsonObject(new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
    }

    private Principal toPrincipal(JsonObject claims) {
        // Vert.x checks signature, exp, iss and aud; checked again here so this class's contract
        // does not depend on library defaults.
        if (!settings.issuer().equals(claims.getString("iss"))) {
            throw new IllegalArgumentException("issuer");
        }
        Object aud = claims.getValue("aud");
        boolean audOk = aud instanceof String s ? s.equals(settings.audience())
                : aud instanceof JsonArray a && a.contains(settings.audience());
        if (!audOk || !(claims.getValue("exp") instanceof Number)) {
            throw new IllegalArgumentException("audience or expiry");
        }
        TenantId tenant = TenantId.parse(claims.getString("tid")).orElseThrow();
        String subject = claims.getString("sub");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        JsonArray wire = claims.getJsonArray("scopes", new JsonArray());
        for (int i = 0; i < wire.size(); i++) {
            Scope.fromWire(String.valueOf(wire.getValue(i))).ifPresent(scopes::add);
        }
        return new Principal(tenant, scopes, subject, Principal.Kind.ADMIN_SESSION);
    }
}
