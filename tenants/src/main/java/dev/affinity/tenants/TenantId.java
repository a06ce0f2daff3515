package dev.affinity.tenants;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The identity of a tenant. A dedicated type (rather than a bare UUID or string) so that every
 * store and service method taking a tenant says so in its signature, and a tenant id can only come
 * from a verified credential or an explicit parse, never by accident from a request field.
 */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random (version 4) tenant id. */
    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    /** Parses the canonical UUID form; empty for null or anything that is not a UUID. */
    public static Optional<TenantId> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TenantId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
