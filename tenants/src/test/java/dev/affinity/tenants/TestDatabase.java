package dev.affinity.tenants;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL (embedded) for the whole test run, migrated with Flyway from
 * classpath:db/migration exactly as the backend will do. Started lazily by the first test class
 * that needs it and stopped when the JVM exits. Tests isolate themselves by creating their own
 * tenants with unique names, which is also what the product does.
 */
final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    static synchronized int port() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start (as root, run under 'unshare -U')", e);
            }
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration")
                    .load().migrate();
            EmbeddedPostgres pg = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the process is exiting anyway
                }
            }));
        }
        return postgres.getPort();
    }

    /** A vertx-pg-client pool on the shared database, owned by the given Vert.x instance. */
    static Pool pool(Vertx vertx) {
        PgConnectOptions connect = new PgConnectOptions().setHost("localhost").setPort(port())
                .setDatabase("postgres").setUser("postgres").setPassword("postgres");
        return Pool.pool(vertx, connect, new PoolOptions().setMaxSize(4));
    }

    /** A tenant name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID();
    }
}
