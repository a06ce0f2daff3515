package dev.affinity.storage;

import dev.affinity.config.AffinityConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's PostgreSQL: an external server when {@code AFFINITY_DB_URL} is set, otherwise an embedded
 * one whose data lives under {@code AFFINITY_DATA_DIR/pg} so a restart loses nothing. Migrations run
 * with Flyway (blocking JDBC, at start-up only); all request-time access goes through the reactive
 * {@link Pool}.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final EmbeddedPostgres embedded;
  private final PgConnectOptions connectOptions;
  private final Pool pool;

  private Database(EmbeddedPostgres embedded, PgConnectOptions connectOptions, Pool pool) {
    this.embedded = embedded;
    this.connectOptions = connectOptions;
    this.pool = pool;
  }

  /** Starts (or connects to) PostgreSQL and migrates it. Blocking: call from a worker thread. */
  public static Database open(Vertx vertx, AffinityConfig config) {
    EmbeddedPostgres embedded = null;
    PgConnectOptions options;
    if (config.dbUrl() == null) {
      embedded = startEmbedded(config.dataDir().resolve("pg"));
      options = new PgConnectOptions().setHost("127.0.0.1").setPort(embedded.getPort())
          .setDatabase("postgres").setUser("postgres").setPassword("postgres");
      LOG.info("embedded PostgreSQL on port {} with data in {}", embedded.getPort(), config.dataDir().resolve("pg"));
    } else {
      options = PgConnectOptions.fromUri(config.dbUrl());
      LOG.info("external PostgreSQL at {}:{}/{}", options.getHost(), options.getPort(), options.getDatabase());
    }
    migrate(options);
    options.setCachePreparedStatements(true).setPipeliningLimit(256);
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(16).setName("affinity-" + System.identityHashCode(vertx)).setShared(false))
        .connectingTo(options)
        .using(vertx)
        .build();
    return new Database(embedded, options, pool);
  }

  private static EmbeddedPostgres startEmbedded(Path dir) {
    try {
      Files.createDirectories(dir.getParent());
      return EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "200")
          .setServerConfig("fsync", "on")
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start embedded PostgreSQL in " + dir + ": " + e.getMessage()
          + " (is another Affinity using the same AFFINITY_DATA_DIR? When running as root, start through"
          + " ops/run, which runs Java under 'unshare -U' because PostgreSQL refuses to run as root)", e);
    }
  }

  private static void migrate(PgConnectOptions o) {
    String jdbcUrl = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    Flyway.configure()
        .dataSource(jdbcUrl, o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public Pool pool() {
    return pool;
  }

  /** A URL another node (or a benchmark) can use to reach the same database. */
  public String uri() {
    return "postgresql://" + connectOptions.getUser() + ":" + connectOptions.getPassword() + "@"
        + connectOptions.getHost() + ":" + connectOptions.getPort() + "/" + connectOptions.getDatabase();
  }

  /** JDBC URL of the same database, for tools that speak JDBC (benchmarks' raw COPY, Flyway). */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
        + connectOptions.getDatabase() + "?user=" + connectOptions.getUser() + "&password="
        + connectOptions.getPassword();
  }

  public Future<Void> closePool() {
    return pool.close();
  }

  /** Stops the embedded server (if any). Blocking. */
  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
