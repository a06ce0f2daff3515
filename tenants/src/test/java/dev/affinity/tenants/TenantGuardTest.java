package dev.affinity.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard in front of real routes on a real HTTP server (port 0), with real keys in PostgreSQL. */
@ExtendWith(VertxExtension.class)
class TenantGuardTest {

    private static final String OPERATOR_TOKEN = "operator-token-for-tests-0123456789";
    private static final String COOKIE = "affinity_session";

    private TenantRegistry registry;
    private ApiKeyService keys;
    private AdminAuth admins;
    private JwtTokens jwt;
    private WebClient client;

    @BeforeEach
    void setUp(Vertx vertx) {
        Pool pool = TestDatabase.pool(vertx);
        registry = new TenantRegistry(vertx, pool);
        keys = new ApiKeyService(vertx, pool);
        admins = new AdminAuth(vertx, pool);
        jwt = new JwtTokens(vertx, JwtTokensTest.SETTINGS);
        TenantGuard guard = new TenantGuard(keys, jwt, OPERATOR_TOKEN, COOKIE);
        RateLimiter limiter = new RateLimiter(() -> 0L); // frozen clock: no refill during the test

        Router router = Router.router(vertx);
        router.route("/v1/*").handler(guard);
        router.get("/v1/whoami").handler(ctx -> {
            Principal p = TenantGuard.principal(ctx);
            ctx.json(new JsonObject().put("kind", p.kind().name()).put("subject", p.subject())
                    .put("tenant", p.tenantId() == null ? null : p.tenantId().toString()));
        });
        router.get("/v1/ingest").handler(ctx -> {
            TenantGuard.requireScope(ctx, Scope.INGEST);
            ctx.json(new JsonObject().put("tenant", TenantGuard.tenant(ctx).toString()));
        });
        router.get("/v1/limited").handler(new RateLimitHandler(limiter, t -> 2)).handler(ctx -> ctx.end("ok"));
        router.route().failureHandler(ctx -> {
            int status = ctx.failure() instanceof TenantException te ? te.status() : 500;
            ctx.response().setStatusCode(status).putHeader("content-type", "application/problem+json")
                    .end(new JsonObject().put("status", status)
                            .put("detail", ctx.failure() == null ? null : ctx.failure().getMessage()).encode());
        });
        HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(server.actualPort()));
    }

    private HttpResponse<Buffer> get(String path, String authorization) {
        var req = client.get(path);
        if (authorization != null) {
            req.putHeader("Authorization", authorization);
        }
        return Await.result(req.send());
    }

    private CreatedTenant newTenant() {
        String name = TestDatabase.uniqueName("guard");
        return Await.result(registry.create(name, name + "@example.com", "password-1"));
    }

    @Test
    void missingOrMalformedCredentialsAre401WithAnActionableMessage() {
        HttpResponse<Buffer> none = get("/v1/whoami", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.bodyAsJsonObject().getString("detail").contains("Authorization: Bearer"));
        assertEquals(401, get("/v1/whoami", "Basic dXNlcjpwYXNz").statusCode());
        assertEquals(401, get("/v1/whoami", "Bearer ").statusCode());
    }

    @Test
    void unknownKeyIs401() {
        HttpResponse<Buffer> r = get("/v1/whoami", "Bearer " + ApiKeyCodec.generate().token());
        assertEquals(401, r.statusCode());
        assertTrue(r.bodyAsJsonObject().getString("detail").contains("unknown or revoked API key"));
        assertEquals(401, get("/v1/whoami", "Bearer ak_not_even_well_formed").statusCode());
    }

    @Test
    void goodKeyIs200WithItsTenantAndRevokedKeyIs401() {
        CreatedTenant t = newTenant();
        HttpResponse<Buffer> r = get("/v1/whoami", "Bearer " + t.apiKey());
        assertEquals(200, r.statusCode());
        assertEquals("API_KEY", r.bodyAsJsonObject().getString("kind"));
        assertEquals(t.id().toString(), r.bodyAsJsonObject().getString("tenant"));
        assertEquals(200, get("/v1/ingest", "bearer " + t.apiKey()).statusCode(), "scheme is case-insensitive");

        assertTrue(Await.result(keys.revoke(t.id(), ApiKeyCodec.keyIdOf(t.apiKey()).orElseThrow())));
        assertEquals(401, get("/v1/whoami", "Bearer " + t.apiKey()).statusCode());
    }

    @Test
    void missingScopeIs403() {
        CreatedTenant t = newTenant();
        CreatedKey recommendOnly = Await.result(keys.create(t.id(), "frontend", EnumSet.of(Scope.RECOMMEND)));
        HttpResponse<Buffer> r = get("/v1/ingest", "Bearer " + recommendOnly.apiKey());
        assertEquals(403, r.statusCode());
        assertTrue(r.bodyAsJsonObject().getString("detail").contains("'ingest' scope"));
    }

    @Test
    void operatorTokenGivesTheOperatorWhoHasNoTenant() {
        HttpResponse<Buffer> r = get("/v1/whoami", "Bearer " + OPERATOR_TOKEN);
        assertEquals(200, r.statusCode());
        assertEquals("OPERATOR", r.bodyAsJsonObject().getString("kind"));
        assertEquals(null, r.bodyAsJsonObject().getString("tenant"));
        assertEquals(403, get("/v1/ingest", "Bearer " + OPERATOR_TOKEN).statusCode(), "operator is bound to no tenant");
        assertEquals(401, get("/v1/whoami", "Bearer " + OPERATOR_TOKEN + "x").statusCode());
    }

    @Test
    void adminSessionWorksByHeaderAndCookieAndExpiredSessionIs401() {
        CreatedTenant t = newTenant();
        String email = t.name() + "@example.com";
        Principal admin = Await.result(admins.login(email, "password-1")).orElseThrow();
        String session = jwt.issue(admin);

        HttpResponse<Buffer> byHeader = get("/v1/whoami", "Bearer " + session);
        assertEquals(200, byHeader.statusCode());
        assertEquals("ADMIN_SESSION", byHeader.bodyAsJsonObject().getString("kind"));
        assertEquals(t.id().toString(), byHeader.bodyAsJsonObject().getString("tenant"));
        HttpResponse<Buffer> byCookie = Await.result(client.get("/v1/whoami").putHeader("Cookie", COOKIE + "=" + session).send());
        assertEquals(200, byCookie.statusCode());
        assertEquals(email, byCookie.bodyAsJsonObject().getString("subject"));

        String expired = HandMadeJwt.hs256(JwtTokensTest.claims(System.currentTimeMillis() / 1000 - 5)
                .put("tid", t.id().toString()), JwtTokensTest.SECRET);
        HttpResponse<Buffer> r = get("/v1/whoami", "Bearer " + expired);
        assertEquals(401, r.statusCode());
        assertTrue(r.bodyAsJsonObject().getString("detail").contains("expired"));
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        CreatedTenant t = newTenant();
        assertEquals(200, get("/v1/limited", "Bearer " + t.apiKey()).statusCode());
        assertEquals(200, get("/v1/limited", "Bearer " + t.apiKey()).statusCode());
        HttpResponse<Buffer> r = get("/v1/limited", "Bearer " + t.apiKey());
        assertEquals(429, r.statusCode());
        assertEquals("1", r.getHeader("Retry-After"));
        assertEquals(200, get("/v1/limited", "Bearer " + OPERATOR_TOKEN).statusCode(), "the operator is not limited");
    }
}
