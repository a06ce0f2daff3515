package dev.affinity.bench;

import dev.affinity.app.AffinityNode;
import dev.affinity.config.AffinityConfig;
import dev.affinity.config.ConfigLoader;
import dev.affinity.demo.ApiClient;
import dev.affinity.demo.CatalogJson;
import dev.affinity.demo.SyntheticCatalog;
import dev.affinity.tenants.TenantId;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A node started for one benchmark: unclustered, on a fresh embedded PostgreSQL in a temp directory
 * (removed on close), on a fixed free port so every event loop serves (port 0 would mean one). The
 * process environment is deliberately ignored so a benchmark never touches a real database.
 */
final class BenchNode implements AutoCloseable {
  private final AffinityNode node;
  private final Path dir;
  private final ApiClient api;
  private final String operatorToken;

  /** A tenant made for a run: id and all-scopes key. */
  record Tenant(String id, String apiKey) {
  }

  private BenchNode(AffinityNode node, Path dir, String operatorToken) {
    this.node = node;
    this.dir = dir;
    this.operatorToken = operatorToken;
    this.api = new ApiClient("http://127.0.0.1:" + node.port());
  }

  static BenchNode start() throws Exception {
    Path dir = Files.createTempDirectory("affinity-bench");
    String operatorToken = "op_" + hex(24);
    Map<String, String> env = new HashMap<>();
    env.put("AFFINITY_PORT", Integer.toString(freePort()));
    env.put("AFFINITY_HOST", "127.0.0.1");
    env.put("AFFINITY_DATA_DIR", dir.toString());
    env.put("AFFINITY_OPERATOR_TOKEN", operatorToken);
    env.put("AFFINITY_JWT_SECRET", hex(32));
    env.put("AFFINITY_CLUSTERED", "false");
    env.put("AFFINITY_GPU", System.getenv().getOrDefault("AFFINITY_GPU", "auto"));
    AffinityConfig config = ConfigLoader.load(env);
    AffinityNode node = AffinityNode.start(config).await(5, TimeUnit.MINUTES);
    return new BenchNode(node, dir, operatorToken);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A fresh tenant through the API, with its rate limit lifted so the limiter does not cap the figures. */
  Tenant createTenant(String prefix) throws Exception {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject body = api.post("/v1/tenants", operatorToken, new JsonObject().put("name", name)
            .put("adminEmail", "admin@" + name + ".bench").put("adminPassword", "bench-password-" + hex(4)).encode())
        .expectOk("POST /v1/tenants").json();
    TenantId id = TenantId.parse(body.getString("id")).orElseThrow();
    node.services().tenants().setLimits(id, 1_000_000_000, Long.MAX_VALUE).await(1, TimeUnit.MINUTES);
    return new Tenant(body.getString("id"), body.getString("apiKey"));
  }

  /** Sends a catalogue's items and users (not its events) through the API. */
  void upsertCatalogue(Tenant tenant, SyntheticCatalog data) {
    CatalogJson.itemBatches(data).forEach(b -> api.post("/v1/items", tenant.apiKey(), b).expectOk("POST /v1/items"));
    CatalogJson.userBatches(data).forEach(b -> api.post("/v1/users", tenant.apiKey(), b).expectOk("POST /v1/users"));
  }

  ApiClient api() {
    return api;
  }

  int port() {
    return node.port();
  }

  AffinityNode node() {
    return node;
  }

  String jdbcUrl() {
    return node.services().database().jdbcUrl();
  }

  @Override
  public void close() throws Exception {
    try {
      node.stop().await(2, TimeUnit.MINUTES);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }
}
