package dev.affinity.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real PostgreSQL for the whole test JVM (starting one per test would cost seconds each). Tests
 * stay independent by creating their own tenants with unique names.
 */
public final class SharedPostgres {
  private static EmbeddedPostgres postgres;

  private SharedPostgres() {
  }

  /** URL in the form {@code AFFINITY_DB_URL} takes. */
  public static synchronized String url() {
    if (postgres == null) {
      try {
        Path dir = Files.createTempDirectory("affinity-test-pg");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off")
            .start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start embedded PostgreSQL (as root, run tests through ops/test)", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }));
    }
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** JDBC URL of the same database. */
  public static String jdbcUrl() {
    url();
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres&password=postgres";
  }
}
