package dev.affinity.tenants;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API key lifecycle against a real PostgreSQL, including cross-node revocation over the event bus. */
@ExtendWith(VertxExtension.class)
class ApiKeyServiceTest {

    private Pool pool;
    private TenantRegistry registry;
    private ApiKeyService keys;
    /** A second instance on the same Vert.x: stands for another node with its own cache. */
    private ApiKeyService otherNode;

    @BeforeEach
    void setUp(Vertx vertx) {
        pool = TestDatabase.pool(vertx);
        registry = new TenantRegistry(vertx, pool);
        keys = new ApiKeyService(vertx, pool);
        otherNode = new ApiKeyService(vertx, pool);
        Await.result(keys.ready());
        Await.result(otherNode.ready());
    }

    @AfterEach
    void tearDown() {
        Await.result(keys.close());
        Await.result(otherNode.close());
    }

    private CreatedTenant newTenant(String prefix) {
        String name = TestDatabase.uniqueName(prefix);
        return Await.result(registry.create(name, name + "@example.com", "password-1"));
    }

    /** Polls (bounded) for an asynchronous effect such as event-bus delivery. */
    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    @Test
    void createdKeyAuthenticatesWithItsScopesAndIsListedWithoutSecrets() {
        CreatedTenant t = newTenant("keys");
        CreatedKey k = Await.result(keys.create(t.id(), "  pipeline ", EnumSet.of(Scope.INGEST)));
        assertEquals("pipeline", k.name());
        assertEquals(Set.of(Scope.INGEST), k.scopes());
        assertNotNull(k.createdAt());
        assertEquals(k.keyId(), ApiKeyCodec.keyIdOf(k.apiKey()).orElseThrow());

        Principal p = Await.result(keys.authenticate(k.apiKey())).orElseThrow();
        assertEquals(new Principal(t.id(), Set.of(Scope.INGEST), k.keyId(), Principal.Kind.API_KEY), p);
        assertTrue(p.has(Scope.INGEST));
        assertFalse(p.has(Scope.ADMIN));

        List<ApiKeyInfo> listed = Await.result(keys.list(t.id()));
        assertEquals(2, listed.size());
        ApiKeyInfo info = listed.stream().filter(i -> i.keyId().equals(k.keyId())).findFirst().orElseThrow();
        assertEquals(new ApiKeyInfo(k.keyId(), "pipeline", Set.of(Scope.INGEST), k.createdAt(), null), info);
        assertTrue(Await.result(keys.list(TenantId.random())).isEmpty());
    }

    @Test
    void wrongSecretForARealKeyIdIsRejectedCachedOrNot() {
        CreatedTenant t = newTenant("forged");
        String keyId = ApiKeyCodec.keyIdOf(t.apiKey()).orElseThrow();
        String forged = "ak_" + keyId + "_" + ApiKeyCodec.generate().token().substring(16);
        assertEquals(Optional.empty(), Await.result(keys.authenticate(forged)), "uncached");
        assertTrue(Await.result(keys.authenticate(t.apiKey())).isPresent());
        assertEquals(Optional.empty(), Await.result(keys.authenticate(forged)), "cached");
        assertEquals(Optional.empty(), Await.result(keys.authenticate(ApiKeyCodec.generate().token())), "unknown");
        assertEquals(Optional.empty(), Await.result(keys.authenticate("ak_garbage")));
        assertEquals(Optional.empty(), Await.result(keys.authenticate(null)));
    }

    @Test
    void revokedKeyStopsWorkingOnEveryNodeAtOnce() throws InterruptedException {
        CreatedTenant t = newTenant("revoke");
        CreatedKey k = Await.result(keys.create(t.id(), "to-revoke", EnumSet.of(Scope.RECOMMEND)));
        // Both "nodes" have the key verified and cached.
        assertTrue(Await.result(keys.authenticate(k.apiKey())).isPresent());
        assertTrue(Await.result(otherNode.authenticate(k.apiKey())).isPresent());

        assertTrue(Await.result(keys.revoke(t.id(), k.keyId())));
        assertEquals(Optional.empty(), Await.result(keys.authenticate(k.apiKey())), "evicted locally at once");
        // Without the event-bus eviction the other node would serve its cached entry for 60 s.
        eventually("the other node evicts the revoked key",
                () -> Await.result(otherNode.authenticate(k.apiKey())).isEmpty());

        assertNotNull(Await.result(keys.list(t.id())).stream()
                .filter(i -> i.keyId().equals(k.keyId())).findFirst().orElseThrow().revokedAt());
        assertTrue(Await.result(keys.revoke(t.id(), k.keyId())), "revoking again is idempotent");
        assertTrue(Await.result(keys.authenticate(t.apiKey())).isPresent(), "other keys still work");
    }

    @Test
    void aTenantCannotRevokeAnotherTenantsKey() {
        CreatedTenant a = newTenant("tenant-a");
        CreatedTenant b = newTenant("tenant-b");
        String keyOfA = ApiKeyCodec.keyIdOf(a.apiKey()).orElseThrow();
        assertFalse(Await.result(keys.revoke(b.id(), keyOfA)));
        assertFalse(Await.result(keys.revoke(b.id(), "nosuchkey123")));
        assertFalse(Await.result(keys.revoke(b.id(), null)));
        assertEquals(a.id(), Await.result(keys.authenticate(a.apiKey())).orElseThrow().tenantId());
        assertNull(Await.result(keys.list(a.id())).getFirst().revokedAt());
    }

    @Test
    void invalidKeyRequestsAreRejected() {
        CreatedTenant t = newTenant("invalid");
        Await.failure(TenantValidationException.class, keys.create(t.id(), "", EnumSet.of(Scope.INGEST)));
        Await.failure(TenantValidationException.class, keys.create(t.id(), "x".repeat(101), EnumSet.of(Scope.INGEST)));
        Await.failure(TenantValidationException.class, keys.create(t.id(), "none", Set.of()));
        Await.failure(TenantValidationException.class, keys.create(t.id(), "none", null));
        Await.failure(TenantValidationException.class, keys.create(TenantId.random(), "orphan", EnumSet.of(Scope.INGEST)));
        assertEquals(1, Await.result(keys.list(t.id())).size());
    }

    @Test
    void useIsRecordedAsynchronously() throws InterruptedException {
        CreatedTenant t = newTenant("used");
        String keyId = ApiKeyCodec.keyIdOf(t.apiKey()).orElseThrow();
        Await.result(keys.authenticate(t.apiKey()));
        eventually("last_used_at is set", () -> Await.result(pool
                .preparedQuery("select last_used_at from api_keys where tenant_id = $1 and key_id = $2")
                .execute(Tuple.of(t.id().value(), keyId))).iterator().next().getValue(0) != null);
    }
}
