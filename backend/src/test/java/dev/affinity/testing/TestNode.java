package dev.affinity.testing;

import dev.affinity.app.AffinityNode;
import dev.affinity.config.AffinityConfig;
import dev.affinity.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real Affinity node for a test: real HTTP on a free port, the shared real PostgreSQL, and (when
 * asked) a real Hazelcast cluster of its own name. Use it in try-with-resources or close it in
 * {@code @AfterAll}.
 */
public final class TestNode implements AutoCloseable {
  public static final String OPERATOR_TOKEN = "test-operator-token-0123456789";

  private final AffinityNode node;
  private final Http http;

  private TestNode(AffinityNode node) {
    this.node = node;
    this.http = new Http("http://127.0.0.1:" + node.port());
  }

  /** An unclustered node on the shared database. */
  public static TestNode start() {
    return start(env -> { });
  }

  /** A node whose environment the caller may adjust (e.g. AFFINITY_CLUSTERED, AFFINITY_CLUSTER_NAME). */
  public static TestNode start(Consumer<Map<String, String>> customise) {
    Map<String, String> env = new HashMap<>();
    env.put("AFFINITY_PORT", "0");
    env.put("AFFINITY_HOST", "127.0.0.1");
    env.put("AFFINITY_DB_URL", SharedPostgres.url());
    env.put("AFFINITY_DATA_DIR", tempDir().toString());
    env.put("AFFINITY_OPERATOR_TOKEN", OPERATOR_TOKEN);
    env.put("AFFINITY_JWT_SECRET", "test-jwt-secret-0123456789-0123456789-abcdef");
    env.put("AFFINITY_CLUSTERED", "false");
    env.put("AFFINITY_CLUSTER_NAME", "test-" + UUID.randomUUID());
    env.put("AFFINITY_GPU", "off");
    customise.accept(env);
    AffinityConfig config = ConfigLoader.load(env);
    return start(config);
  }

  /** A node that joins the Hazelcast cluster {@code cluster} (real clustering, the shared database). */
  public static TestNode clustered(String cluster) {
    return clustered(cluster, env -> { });
  }

  /** As {@link #clustered(String)}, with further environment settings. */
  public static TestNode clustered(String cluster, Consumer<Map<String, String>> customise) {
    return start(env -> {
      env.put("AFFINITY_CLUSTERED", "true");
      env.put("AFFINITY_CLUSTER_NAME", cluster);
      customise.accept(env);
    });
  }

  /** A node with an explicit configuration (restart tests reuse one). */
  public static TestNode start(AffinityConfig config) {
    try {
      return new TestNode(AffinityNode.start(config).await(3, TimeUnit.MINUTES));
    } catch (Exception e) {
      throw new IllegalStateException("node did not start: " + e.getMessage(), e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("affinity-test-data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Http http() {
    return http;
  }

  public AffinityNode node() {
    return node;
  }

  public int port() {
    return node.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + node.port();
  }

  /** Creates a tenant through the real API with a unique name; returns its credentials. */
  public TestTenant createTenant(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String email = "admin@" + name + ".example";
    String password = "correct horse battery staple";
    Http.Response r = http.post("/v1/tenants", OPERATOR_TOKEN, new JsonObject()
        .put("name", name).put("adminEmail", email).put("adminPassword", password).encode());
    if (r.status() != 201) {
      throw new IllegalStateException("tenant creation failed: " + r.status() + " " + r.body());
    }
    JsonObject body = r.json();
    return new TestTenant(body.getString("id"), name, body.getString("apiKey"), email, password);
  }

  @Override
  public void close() {
    try {
      node.stop().await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("node did not stop: " + e.getMessage(), e);
    }
  }
}
