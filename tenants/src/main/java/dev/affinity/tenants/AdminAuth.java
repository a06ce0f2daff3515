package dev.affinity.tenants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Dashboard login for tenant admins by email and password. The argon2id check runs on a worker
 * thread. When the email is unknown a dummy hash is verified anyway, so the answer takes about as
 * long either way and response time does not reveal which emails are registered.
 */
public final class AdminAuth {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);

    private final Vertx vertx;
    private final Pool pool;
    private final PasswordHasher hasher = new PasswordHasher();
    private volatile String dummyHash;

    public AdminAuth(Vertx vertx, Pool pool) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * The admin's principal (kind {@link Principal.Kind#ADMIN_SESSION}, all scopes, subject = the
     * stored email) when the password is right; empty for an unknown email or wrong password.
     */
    public Future<Optional<Principal>> login(String email, String password) {
        if (email == null || password == null || email.length() > Validation.MAX_EMAIL
                || password.length() > PasswordHasher.MAX_LENGTH) {
            return Future.succeededFuture(Optional.empty());
        }
        // Cross-tenant by necessity: the tenant is what the login finds out (index on lower(email)).
        return pool.preparedQuery("select tenant_id, email, password_hash from admin_users where lower(email) = lower($1)")
                .execute(Tuple.of(email.strip()))
                .compose(rows -> {
                    var it = rows.iterator();
                    Row row = it.hasNext() ? it.next() : null;
                    return vertx.executeBlocking(() -> check(row, password), false);
                });
    }

    private Optional<Principal> check(Row row, String password) {
        if (row == null) {
            hasher.verify(password, dummyHash());
            return Optional.empty();
        }
        TenantId tenant = new TenantId(row.getUUID("tenant_id"));
        String email = row.getString("email");
        if (!hasher.verify(password, row.getString("password_hash"))) {
            LOG.info("tenant={} failed admin login for {}", tenant, email);
            return Optional.empty();
        }
        LOG.info("tenant={} admin {} logged in", tenant, email);
        return Optional.of(new Principal(tenant, EnumSet.allOf(Scope.class), email, Principal.Kind.ADMIN_SESSION));
    }

    /** Computed lazily on a worker thread (first unknown-email login), never on the event loop. */
    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = hasher.hash("dummy-password-for-timing");
            dummyHash = h;
        }
        return h;
    }
}
