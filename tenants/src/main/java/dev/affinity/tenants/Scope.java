package dev.affinity.tenants;

import java.util.Locale;
import java.util.Optional;

/**
 * What a credential may do. Scopes are deliberately coarse (three of them) so that a tenant can
 * hand an ingest-only key to a data pipeline and a recommend-only key to a front end without a
 * policy language. The wire names are what API clients and the database see.
 */
public enum Scope {
    INGEST, RECOMMEND, ADMIN;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON, JWT claims and the {@code api_keys.scopes} column. */
    public String wireName() {
        return wire;
    }

    /** Parses a wire name (exact, lower case); empty for anything unknown. */
    public static Optional<Scope> fromWire(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        for (Scope s : values()) {
            if (s.wire.equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
