package dev.affinity.tenants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant API keys: create, list, revoke, and authenticate.
 *
 * <p>Authentication is on every API request, so it is built for the hot path: the token is
 * checked with SHA-256 (see {@link ApiKeyCodec} for why that is safe), and verified keys are kept
 * in a bounded local cache (10,000 keys, 60 s) so a cached request costs no database query.
 * Revocation must not wait for that TTL: {@link #revoke} evicts locally and publishes the key id
 * on the (clustered) event bus address {@link #REVOKED_ADDRESS}; every instance listens there
 * from construction and evicts it too, so a revoked key stops working on every node at once.
 *
 * <p>{@code last_used_at} is updated at most once a minute per key, asynchronously, off the
 * request's critical path. The tenant's {@code rate_limit_per_second} is loaded together with
 * the key, so {@link #rateLimitFor} (for {@link RateLimitHandler}) never queries the database.
 */
public final class ApiKeyService {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);
    /** Event-bus address on which revoked key ids (String) are published to every node. */
    public static final String REVOKED_ADDRESS = "affinity.apikeys.revoked";
    /** Rate limit assumed for a tenant none of whose keys was seen yet (matches the schema default). */
    public static final int DEFAULT_RATE_LIMIT = 1000;
    static final int CACHE_SIZE = 10_000;
    static final long CACHE_TTL_MILLIS = 60_000;
    static final long TOUCH_INTERVAL_MILLIS = 60_000;

    private final Vertx vertx;
    private final Pool pool;
    private final KeyCache cache;
    private final Map<TenantId, Integer> rateLimits = new ConcurrentHashMap<>();
    private final MessageConsumer<String> revocations;
    private final MessageConsumer<io.vertx.core.json.JsonObject> limitChanges;

    public ApiKeyService(Vertx vertx, Pool pool) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.cache = new KeyCache(CACHE_SIZE, CACHE_TTL_MILLIS, System::currentTimeMillis);
        this.revocations = vertx.eventBus().consumer(REVOKED_ADDRESS, msg -> {
            if (msg.body() instanceof String keyId) {
                cache.evict(keyId);
                LOG.debug("evicted revoked API key {} from the local cache", keyId);
            }
        });
        this.limitChanges = vertx.eventBus().consumer(TenantRegistry.LIMITS_ADDRESS, msg -> {
            TenantId.parse(msg.body().getString("tenant", "")).ifPresent(tenant -> {
                Integer limit = msg.body().getInteger("rateLimitPerSecond");
                if (limit != null && limit > 0) {
                    rateLimits.put(tenant, limit);
                    LOG.info("tenant={} rate limit is now {}/s on this node", tenant, limit);
                }
            });
        });
    }

    /** Completes once the revocation and limit listeners are registered (cluster-wide when clustered). */
    public Future<Void> ready() {
        return Future.all(revocations.completion(), limitChanges.completion()).mapEmpty();
    }

    /** Stops listening for revocations and limit changes; call when the owning verticle stops. */
    public Future<Void> close() {
        return Future.all(revocations.unregister(), limitChanges.unregister()).mapEmpty();
    }

    /** Creates a key for the tenant; the plaintext is in the result and nowhere else. */
    public Future<CreatedKey> create(TenantId tenant, String name, Set<Scope> scopes) {
        Objects.requireNonNull(tenant, "tenant");
        String keyName;
        try {
            keyName = Validation.name("API key name", name);
            if (scopes == null || scopes.isEmpty() || scopes.contains(null)) {
                throw new TenantValidationException("an API key needs at least one scope (ingest, recommend, admin)");
            }
        } catch (TenantValidationException e) {
            return Future.failedFuture(e);
        }
        Set<Scope> scopeSet = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
        ApiKeyCodec.Generated key = ApiKeyCodec.generate();
        return pool.preparedQuery("insert into api_keys (tenant_id, key_id, name, key_hash, scopes) "
                        + "values ($1, $2, $3, $4, $5) returning created_at")
                .execute(Tuple.of(tenant.value(), key.keyId(), keyName, ApiKeyCodec.hash(key.token()), wire(scopeSet)))
                .recover(e -> Future.failedFuture(Validation.isSqlState(e, Validation.FOREIGN_KEY_VIOLATION)
                        ? new TenantValidationException("unknown tenant " + tenant) : e))
                .map(rows -> {
                    LOG.info("tenant={} created API key {} '{}' scopes={}", tenant, key.keyId(), keyName, scopeSet);
                    return new CreatedKey(key.keyId(), keyName, scopeSet,
                            Validation.instant(rows.iterator().next().getOffsetDateTime("created_at")), key.token());
                });
    }

    /** All keys of the tenant, newest first, including revoked ones; never hashes or secrets. */
    public Future<List<ApiKeyInfo>> list(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return pool.preparedQuery("select key_id, name, scopes, created_at, revoked_at from api_keys "
                        + "where tenant_id = $1 order by created_at desc, key_id")
                .execute(Tuple.of(tenant.value()))
                .map(rows -> {
                    List<ApiKeyInfo> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new ApiKeyInfo(r.getString("key_id"), r.getString("name"),
                                scopes(r.getArrayOfStrings("scopes")), Validation.instant(r.getOffsetDateTime("created_at")),
                                Validation.instant(r.getOffsetDateTime("revoked_at"))));
                    }
                    return List.copyOf(out);
                });
    }

    /**
     * Revokes the tenant's key (idempotent). False when the tenant has no such key, including
     * when the key belongs to another tenant. Evicts it from every node's cache.
     */
    public Future<Boolean> revoke(TenantId tenant, String keyId) {
        Objects.requireNonNull(tenant, "tenant");
        if (keyId == null || keyId.isEmpty() || keyId.length() > Validation.MAX_NAME) {
            return Future.succeededFuture(false);
        }
        return pool.preparedQuery("update api_keys set revoked_at = coalesce(revoked_at, now()) "
                        + "where tenant_id = $1 and key_id = $2")
                .execute(Tuple.of(tenant.value(), keyId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return false;
                    }
                    cache.evict(keyId);
                    vertx.eventBus().publish(REVOKED_ADDRESS, keyId);
                    LOG.info("tenant={} revoked API key {}", tenant, keyId);
                    return true;
                });
    }

    /**
     * The principal of a valid, unrevoked API key; empty for anything else (malformed, unknown,
     * wrong secret, revoked). Fails only when the database cannot be reached.
     */
    public Future<Optional<Principal>> authenticate(String token) {
        Optional<String> parsed = ApiKeyCodec.keyIdOf(token);
        if (parsed.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        String keyId = parsed.get();
        KeyCache.Entry cached = cache.get(keyId);
        if (cached != null) {
            if (!ApiKeyCodec.matches(token, cached.keyHash())) {
                return Future.succeededFuture(Optional.empty());
            }
            touch(keyId, cached);
            return Future.succeededFuture(Optional.of(cached.principal()));
        }
        // The one query without tenant_id in its WHERE: the tenant is what we are finding out.
        return pool.preparedQuery("select k.tenant_id, k.key_hash, k.scopes, k.revoked_at, t.rate_limit_per_second "
                        + "from api_keys k join tenants t on t.id = k.tenant_id where k.key_id = $1")
                .execute(Tuple.of(keyId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.<Principal>empty();
                    }
                    Row r = it.next();
                    String hash = r.getString("key_hash");
                    if (!ApiKeyCodec.matches(token, hash) || r.getOffsetDateTime("revoked_at") != null) {
                        return Optional.<Principal>empty();
                    }
                    TenantId tenant = new TenantId(r.getUUID("tenant_id"));
                    int limit = r.getInteger("rate_limit_per_second");
                    rateLimits.put(tenant, limit);
                    Principal p = new Principal(tenant, scopes(r.getArrayOfStrings("scopes")), keyId, Principal.Kind.API_KEY);
                    KeyCache.Entry entry = cache.put(keyId, hash, p, limit);
                    if (entry != null) {
                        touch(keyId, entry);
                    }
                    return Optional.of(p);
                });
    }

    /**
     * The tenant's requests-per-second limit as last loaded with one of its keys, or
     * {@link #DEFAULT_RATE_LIMIT} if none was seen yet. Never blocks; suits
     * {@code new RateLimitHandler(limiter, keys::rateLimitFor)}.
     */
    public int rateLimitFor(TenantId tenant) {
        return rateLimits.getOrDefault(tenant, DEFAULT_RATE_LIMIT);
    }

    private void touch(String keyId, KeyCache.Entry entry) {
        long now = cache.now();
        long last = entry.lastTouchedMillis().get();
        if (last != Long.MIN_VALUE && now - last < TOUCH_INTERVAL_MILLIS) {
            return;
        }
        if (!entry.lastTouchedMillis().compareAndSet(last, now)) {
            return;
        }
        TenantId tenant = entry.principal().tenantId();
        pool.preparedQuery("update api_keys set last_used_at = now() where tenant_id = $1 and key_id = $2")
                .execute(Tuple.of(tenant.value(), keyId))
                .onFailure(e -> LOG.warn("tenant={} could not record last use of API key {}: {}", tenant, keyId, e.toString()));
    }

    private static String[] wire(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).toArray(String[]::new);
    }

    private static Set<Scope> scopes(String[] wire) {
        EnumSet<Scope> out = EnumSet.noneOf(Scope.class);
        Arrays.stream(wire == null ? new String[0] : wire).map(Scope::fromWire).flatMap(Optional::stream).forEach(out::add);
        return out;
    }
}
