package dev.affinity.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class JwtTokensTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);
    static final JwtSettings SETTINGS = new JwtSettings(SECRET, "affinity", "affinity-dashboard", Duration.ofHours(1));
    private static final TenantId TENANT = new TenantId(UUID.fromString("11111111-2222-3333-4444-555555555555"));
    private static final Principal ADMIN =
            new Principal(TENANT, EnumSet.allOf(Scope.class), "admin@example.com", Principal.Kind.ADMIN_SESSION);

    private JwtTokens tokens;

    @BeforeEach
    void setUp(Vertx vertx) {
        tokens = new JwtTokens(vertx, SETTINGS);
    }

    /** Valid claims as {@link JwtTokens#issue} would write them. */
    static JsonObject claims(long expEpochSeconds) {
        long now = System.currentTimeMillis() / 1000;
        return new JsonObject().put("sub", "admin@example.com").put("tid", TENANT.toString())
                .put("scopes", new JsonArray().add("ingest").add("recommend").add("admin"))
                .put("iss", "affinity").put("aud", new JsonArray().add("affinity-dashboard"))
                .put("iat", now).put("exp", expEpochSeconds);
    }

    private static long inOneHour() {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    private void assertRejected(String token) {
        UnauthorizedException e = Await.failure(UnauthorizedException.class, tokens.verify(token));
        assertEquals(401, e.status());
    }

    @Test
    void issuedTokenRoundTrips() {
        String token = tokens.issue(ADMIN);
        JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
        assertEquals("HS256", header.getString("alg"));
        assertEquals(ADMIN, Await.result(tokens.verify(token)));
    }

    @Test
    void handMadeValidTokenIsAcceptedSoTheRejectionsBelowAreMeaningful() {
        Principal p = Await.result(tokens.verify(HandMadeJwt.hs256(claims(inOneHour()), SECRET)));
        assertEquals(TENANT, p.tenantId());
        assertEquals(Principal.Kind.ADMIN_SESSION, p.kind());
    }

    @Test
    void expiredTokenIsRejectedWithAnActionableMessage() {
        String token = HandMadeJwt.hs256(claims(System.currentTimeMillis() / 1000 - 10), SECRET);
        UnauthorizedException e = Await.failure(UnauthorizedException.class, tokens.verify(token));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void tamperedPayloadIsRejected() {
        String[] parts = tokens.issue(ADMIN).split("\\.");
        JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        payload.put("tid", TenantId.random().toString());
        assertRejected(parts[0] + "." + HandMadeJwt.b64(payload.encode()) + "." + parts[2]);
    }

    @Test
    void tamperedSignatureIsRejected() {
        String token = tokens.issue(ADMIN);
        int i = token.lastIndexOf('.') + 5;
        char flipped = token.charAt(i) == 'A' ? 'B' : 'A';
        assertRejected(token.substring(0, i) + flipped + token.substring(i + 1));
    }

    @Test
    void algNoneIsRejected() {
        String unsigned = HandMadeJwt.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + HandMadeJwt.b64(claims(inOneHour()).encode()) + ".";
        assertRejected(unsigned);
        assertRejected(unsigned.substring(0, unsigned.length() - 1)); // no trailing dot either
    }

    @Test
    void otherAlgorithmsAreRejectedEvenWithTheRightSecret() {
        assertRejected(HandMadeJwt.sign(new JsonObject().put("alg", "HS512").put("typ", "JWT"),
                claims(inOneHour()), SECRET, "HmacSHA512"));
        // Header lies about the algorithm: HS256 signature under an HS384 header.
        assertRejected(HandMadeJwt.sign(new JsonObject().put("alg", "HS384"), claims(inOneHour()), SECRET, "HmacSHA256"));
    }

    @Test
    void wrongIssuerAudienceSecretOrMissingExpiryIsRejected() {
        assertRejected(HandMadeJwt.hs256(claims(inOneHour()).put("iss", "someone-else"), SECRET));
        assertRejected(HandMadeJwt.hs256(claims(inOneHour()).put("aud", new JsonArray().add("other")), SECRET));
        assertRejected(HandMadeJwt.hs256(claims(inOneHour()).put("aud", "other"), SECRET));
        JsonObject noExp = claims(inOneHour());
        noExp.remove("exp");
        assertRejected(HandMadeJwt.hs256(noExp, SECRET));
        assertRejected(HandMadeJwt.hs256(claims(inOneHour()), "another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8)));
        assertRejected(HandMadeJwt.hs256(claims(inOneHour()).put("tid", "not-a-uuid"), SECRET));
    }

    @Test
    void garbageIsRejected() {
        assertRejected("not a jwt");
        assertRejected("a.b.c");
        assertRejected("");
        assertRejected(null);
    }

    @Test
    void onlyAdminSessionsGetTokensAndSettingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(Principal.operator()));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(
                new Principal(TENANT, EnumSet.of(Scope.INGEST), "k", Principal.Kind.API_KEY)));
        assertThrows(IllegalArgumentException.class,
                () -> new JwtSettings(new byte[31], "i", "a", Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new JwtSettings(SECRET, " ", "a", Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new JwtSettings(SECRET, "i", "a", Duration.ZERO));
        assertTrue(!SETTINGS.toString().contains("0123456789abcdef"));
    }
}
