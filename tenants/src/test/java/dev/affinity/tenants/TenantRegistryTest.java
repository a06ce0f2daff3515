package dev.affinity.tenants;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tenant creation, lookup and admin login against a real PostgreSQL. */
@ExtendWith(VertxExtension.class)
class TenantRegistryTest {

    private Pool pool;
    private TenantRegistry registry;
    private ApiKeyService keys;
    private AdminAuth admins;

    @BeforeEach
    void setUp(Vertx vertx) {
        pool = TestDatabase.pool(vertx);
        registry = new TenantRegistry(vertx, pool);
        keys = new ApiKeyService(vertx, pool);
        admins = new AdminAuth(vertx, pool);
    }

    @Test
    void createdTenantIsFoundAndItsDefaultKeyHasAllScopes() {
        String name = TestDatabase.uniqueName("acme");
        CreatedTenant t = Await.result(registry.create(name, "Admin-" + name + "@example.com", "s3cret-password"));
        assertEquals(name, t.name());
        assertFalse(t.toString().contains(t.apiKey()));

        TenantInfo info = Await.result(registry.find(t.id())).orElseThrow();
        assertEquals(name, info.name());
        assertEquals(1000, info.rateLimitPerSecond());
        assertNotNull(info.createdAt());
        assertEquals(Optional.of(t.id()), Await.result(registry.findByName(name)));
        assertEquals(Optional.empty(), Await.result(registry.findByName("no-such-" + name)));
        assertEquals(Optional.empty(), Await.result(registry.find(TenantId.random())));

        Principal p = Await.result(keys.authenticate(t.apiKey())).orElseThrow();
        assertEquals(t.id(), p.tenantId());
        assertEquals(EnumSet.allOf(Scope.class), p.scopes());
        assertEquals(Principal.Kind.API_KEY, p.kind());
        var listed = Await.result(keys.list(t.id()));
        assertEquals(1, listed.size());
        assertEquals(TenantRegistry.DEFAULT_KEY_NAME, listed.getFirst().name());
    }

    @Test
    void passwordIsStoredAsArgon2idNeverInClear() {
        String name = TestDatabase.uniqueName("hash");
        CreatedTenant t = Await.result(registry.create(name, name + "@example.com", "plain-text-pw"));
        String stored = Await.result(pool.preparedQuery("select password_hash from admin_users where tenant_id = $1")
                .execute(Tuple.of(t.id().value()))).iterator().next().getString(0);
        assertTrue(stored.startsWith("$argon2id$"), stored);
        assertFalse(stored.contains("plain-text-pw"));
    }

    @Test
    void duplicateNameOrEmailIsAConflictAndStoresNothing() {
        String name = TestDatabase.uniqueName("dup");
        String email = name + "@example.com";
        Await.result(registry.create(name, email, "password-1"));

        TenantConflictException byName = Await.failure(TenantConflictException.class,
                registry.create(name, "other-" + email, "password-1"));
        assertEquals(409, byName.status());
        assertTrue(byName.getMessage().contains("name"), byName.getMessage());

        String other = TestDatabase.uniqueName("dup2");
        TenantConflictException byEmail = Await.failure(TenantConflictException.class,
                registry.create(other, email.toUpperCase(), "password-1"));
        assertTrue(byEmail.getMessage().contains("email"), byEmail.getMessage());
        assertEquals(Optional.empty(), Await.result(registry.findByName(other)), "rolled back: no tenant without admin");
    }

    @Test
    void invalidInputIsRejectedBeforeStoring() {
        String name = TestDatabase.uniqueName("bad");
        Await.failure(TenantValidationException.class, registry.create("", "a@b.c", "password-1"));
        Await.failure(TenantValidationException.class, registry.create("x".repeat(101), "a@b.c", "password-1"));
        Await.failure(TenantValidationException.class, registry.create(name, "no-at-sign", "password-1"));
        Await.failure(TenantValidationException.class, registry.create(name, "a".repeat(250) + "@b.cd", "password-1"));
        Await.failure(TenantValidationException.class, registry.create(name, "a@b.c", "short"));
        assertEquals(Optional.empty(), Await.result(registry.findByName(name)));
    }

    @Test
    void adminLoginAcceptsTheRightPasswordOnly() {
        String name = TestDatabase.uniqueName("login");
        String email = name + "@example.com";
        CreatedTenant t = Await.result(registry.create(name, email, "right-password"));

        Principal p = Await.result(admins.login(email, "right-password")).orElseThrow();
        assertEquals(t.id(), p.tenantId());
        assertEquals(Principal.Kind.ADMIN_SESSION, p.kind());
        assertEquals(email, p.subject());
        assertEquals(EnumSet.allOf(Scope.class), p.scopes());
        assertTrue(Await.result(admins.login(email.toUpperCase(), "right-password")).isPresent(), "email is case-insensitive");

        assertEquals(Optional.empty(), Await.result(admins.login(email, "wrong-password")));
        assertEquals(Optional.empty(), Await.result(admins.login("nobody-" + email, "right-password")));
        assertEquals(Optional.empty(), Await.result(admins.login(null, "right-password")));
    }

    @Test
    void setLimitsChangesTheTenantsRateLimit() {
        CreatedTenant t = Await.result(registry.create(TestDatabase.uniqueName("limits"),
                TestDatabase.uniqueName("l") + "@example.com", "password-1"));
        assertTrue(Await.result(registry.setLimits(t.id(), 5, 1000)));
        assertEquals(5, Await.result(registry.find(t.id())).orElseThrow().rateLimitPerSecond());
        assertFalse(Await.result(registry.setLimits(TenantId.random(), 5, 1000)));
        Await.failure(TenantValidationException.class, registry.setLimits(t.id(), 0, 1000));
        Await.result(keys.authenticate(t.apiKey()));
        assertEquals(5, keys.rateLimitFor(t.id()), "the limit travels with the key lookup");
    }
}
