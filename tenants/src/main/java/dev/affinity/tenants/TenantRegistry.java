package dev.affinity.tenants;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates and looks up tenants. Creation is one transaction (tenant, first admin user, first
 * API key), so a failure never leaves a tenant without an admin or a key. The argon2id password
 * hash is computed on a worker thread, never on the event loop.
 */
public final class TenantRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TenantRegistry.class);
    /** Name of the API key every new tenant starts with. */
    public static final String DEFAULT_KEY_NAME = "default";

    /**
     * Event-bus address on which changed tenant limits are published, so every node's rate limiter
     * applies a new limit at once instead of when its cached key lookups expire.
     */
    public static final String LIMITS_ADDRESS = "affinity.tenants.limits";

    private final Vertx vertx;
    private final Pool pool;
    private final PasswordHasher hasher = new PasswordHasher();

    public TenantRegistry(Vertx vertx, Pool pool) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Creates a tenant with its first admin user and a "default" API key holding all scopes.
     * Fails with {@link TenantValidationException} for bad input (nothing stored) and with
     * {@link TenantConflictException} when the name or the admin email is already taken.
     */
    public Future<CreatedTenant> create(String name, String adminEmail, String adminPassword) {
        String tenantName;
        String email;
        try {
            tenantName = Validation.name("name", name);
            email = Validation.email(adminEmail);
            PasswordHasher.validate(adminPassword);
        } catch (TenantValidationException e) {
            return Future.failedFuture(e);
        }
        TenantId id = TenantId.random();
        ApiKeyCodec.Generated key = ApiKeyCodec.generate();
        return vertx.executeBlocking(() -> hasher.hash(adminPassword), false)
                .compose(passwordHash -> pool.withTransaction(conn -> insertAll(conn, id, tenantName, email, passwordHash, key)))
                .recover(e -> Future.failedFuture(mapConflict(e, tenantName)))
                .map(v -> {
                    LOG.info("tenant={} created tenant '{}' with default key {}", id, tenantName, key.keyId());
                    return new CreatedTenant(id, tenantName, key.token());
                });
    }

    private static Future<Void> insertAll(SqlConnection conn, TenantId id, String name, String email,
                                          String passwordHash, ApiKeyCodec.Generated key) {
        String[] scopes = EnumSet.allOf(Scope.class).stream().map(Scope::wireName).toArray(String[]::new);
        return conn.preparedQuery("insert into tenants (id, name) values ($1, $2)")
                .execute(Tuple.of(id.value(), name))
                .compose(r -> conn.preparedQuery(
                                "insert into admin_users (tenant_id, email, password_hash) values ($1, $2, $3)")
                        .execute(Tuple.of(id.value(), email, passwordHash)))
                .compose(r -> conn.preparedQuery(
                                "insert into api_keys (tenant_id, key_id, name, key_hash, scopes) values ($1, $2, $3, $4, $5)")
                        .execute(Tuple.of(id.value(), key.keyId(), DEFAULT_KEY_NAME, ApiKeyCodec.hash(key.token()), scopes)))
                .mapEmpty();
    }

    private static Throwable mapConflict(Throwable e, String name) {
        if (!Validation.isSqlState(e, Validation.UNIQUE_VIOLATION)) {
            return e;
        }
        String constraint = e instanceof io.vertx.pgclient.PgException pg ? pg.getConstraint() : null;
        if (constraint != null && constraint.startsWith("admin_users")) {
            return new TenantConflictException("that admin email is already registered; use another email");
        }
        return new TenantConflictException("a tenant named '" + name + "' already exists; choose another name");
    }

    /** The tenant with this id, if it exists. */
    public Future<Optional<TenantInfo>> find(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return pool.preparedQuery("select id, name, created_at, rate_limit_per_second, max_events from tenants where id = $1")
                .execute(Tuple.of(tenant.value()))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(toInfo(it.next())) : Optional.empty();
                });
    }

    /** The id of the tenant with exactly this name, if any. */
    public Future<Optional<TenantId>> findByName(String name) {
        if (name == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return pool.preparedQuery("select id from tenants where name = $1")
                .execute(Tuple.of(name.strip()))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(new TenantId(it.next().getUUID("id"))) : Optional.empty();
                });
    }

    /**
     * Sets a tenant's quotas (operator action). Every node applies the new limits as soon as the
     * change reaches it over the (clustered) event bus. False when no such tenant.
     */
    public Future<Boolean> setLimits(TenantId tenant, int rateLimitPerSecond, long maxEvents) {
        if (rateLimitPerSecond <= 0 || maxEvents <= 0) {
            return Future.failedFuture(new TenantValidationException("rate limit and max events must be positive"));
        }
        return updateLimits(tenant, "rate_limit_per_second = $2, max_events = $3",
                Tuple.of(tenant.value(), rateLimitPerSecond, maxEvents),
                new JsonObject().put("rateLimitPerSecond", rateLimitPerSecond).put("maxEvents", maxEvents));
    }

    /** Sets only the tenant's requests-per-second limit; see {@link #setLimits}. */
    public Future<Boolean> setRateLimit(TenantId tenant, int rateLimitPerSecond) {
        if (rateLimitPerSecond <= 0) {
            return Future.failedFuture(new TenantValidationException("the rate limit must be positive"));
        }
        return updateLimits(tenant, "rate_limit_per_second = $2", Tuple.of(tenant.value(), rateLimitPerSecond),
                new JsonObject().put("rateLimitPerSecond", rateLimitPerSecond));
    }

    /**
     * Sets only the tenant's event quota (events it may store); every node's quota check drops its
     * cached figure when the change reaches it. False when no such tenant.
     */
    public Future<Boolean> setMaxEvents(TenantId tenant, long maxEvents) {
        if (maxEvents <= 0) {
            return Future.failedFuture(new TenantValidationException("the event quota must be positive"));
        }
        return updateLimits(tenant, "max_events = $2", Tuple.of(tenant.value(), maxEvents),
                new JsonObject().put("maxEvents", maxEvents));
    }

    /** Updates limit columns ($1 is the tenant) and, when the tenant exists, announces the change. */
    private Future<Boolean> updateLimits(TenantId tenant, String assignments, Tuple args, JsonObject change) {
        Objects.requireNonNull(tenant, "tenant");
        return pool.preparedQuery("update tenants set " + assignments + " where id = $1")
                .execute(args)
                .map(rows -> {
                    boolean found = rows.rowCount() > 0;
                    if (found) {
                        vertx.eventBus().publish(LIMITS_ADDRESS, change.copy().put("tenant", tenant.toString()));
                        LOG.info("tenant={} limits changed: {}", tenant, change.encode());
                    }
                    return found;
                });
    }

    private static TenantInfo toInfo(Row row) {
        return new TenantInfo(new TenantId(row.getUUID("id")), row.getString("name"),
                Validation.instant(row.getOffsetDateTime("created_at")), row.getInteger("rate_limit_per_second"),
                row.getLong("max_events"));
    }
}
