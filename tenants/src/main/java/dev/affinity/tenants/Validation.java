package dev.affinity.tenants;

import io.vertx.sqlclient.DatabaseException;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Input checks and database-error helpers shared by the services of this package. */
final class Validation {

    static final int MAX_NAME = 100;
    static final int MAX_EMAIL = 254;
    /** PostgreSQL SQLSTATE for unique_violation. */
    static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL SQLSTATE for foreign_key_violation. */
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private Validation() {
    }

    /** Strips the name and checks it is 1..100 characters; returns the stripped name. */
    static String name(String what, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > MAX_NAME) {
            throw new TenantValidationException(what + " must be 1 to " + MAX_NAME + " characters long");
        }
        return v;
    }

    /** Strips the email and checks it looks like one (contains '@', at most 254 characters). */
    static String email(String value) {
        String v = value == null ? "" : value.strip();
        int at = v.indexOf('@');
        if (at <= 0 || at == v.length() - 1 || v.length() > MAX_EMAIL) {
            throw new TenantValidationException("adminEmail must be an email address (name@domain, at most "
                    + MAX_EMAIL + " characters)");
        }
        return v;
    }

    static boolean isSqlState(Throwable t, String state) {
        return t instanceof DatabaseException db && state.equals(db.getSqlState());
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
