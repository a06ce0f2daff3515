package dev.affinity.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;

/**
 * Counts a tenant's rows straight from PostgreSQL, so tests can prove that a rejected batch stored
 * nothing without trusting the API under test.
 */
public final class TableCounts {
  private static final Set<String> TABLES = Set.of("items", "users", "events", "idempotency_keys");

  private TableCounts() {
  }

  /** Rows of {@code table} belonging to the tenant, in the shared test database. */
  public static long count(String table, String tenantId) {
    return count(SharedPostgres.jdbcUrl(), table, tenantId);
  }

  /** Rows of {@code table} belonging to the tenant, in the database at {@code jdbcUrl}. */
  public static long count(String jdbcUrl, String table, String tenantId) {
    if (!TABLES.contains(table)) {
      throw new IllegalArgumentException("not a tenant table: " + table);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        PreparedStatement st = c.prepareStatement("select count(*) from " + table + " where tenant_id = ?")) {
      st.setObject(1, UUID.fromString(tenantId));
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("count of " + table + " failed: " + e.getMessage(), e);
    }
  }
}
