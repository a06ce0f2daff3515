package dev.affinity.app;

import dev.affinity.cluster.Cluster;
import dev.affinity.config.AffinityConfig;
import dev.affinity.gpu.runtime.GpuRuntime;
import dev.affinity.models.Models;
import dev.affinity.http.ApiFeature;
import dev.affinity.http.ContractLoader;
import dev.affinity.metrics.NodeMetrics;
import dev.affinity.storage.Database;
import dev.affinity.tenants.AdminAuth;
import dev.affinity.tenants.ApiKeyService;
import dev.affinity.tenants.JwtSettings;
import dev.affinity.tenants.JwtTokens;
import dev.affinity.tenants.RateLimiter;
import dev.affinity.tenants.TenantRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.openapi.contract.OpenAPIContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Affinity node: Vert.x (clustered through Hazelcast), PostgreSQL, the tenant control
 * plane and the HTTP server. {@link #start} brings everything up in order and {@link #stop} tears it
 * down in reverse, so tests and {@code main} share the exact same wiring.
 */
public final class AffinityNode {
  private static final Logger LOG = LoggerFactory.getLogger(AffinityNode.class);
  /** Instances of the HTTP verticle: one per core is what Vert.x recommends for a CPU-bound server. */
  private static final int HTTP_INSTANCES = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final AffinityConfig config;
  private Vertx vertx;
  private Database database;
  private Services services;
  private List<ApiFeature> features;
  private int port;
  private final String metricsRegistry = "affinity-" + java.util.UUID.randomUUID();

  private AffinityNode(AffinityConfig config) {
    this.config = config;
  }

  /** Starts a node; the future completes once it serves HTTP. */
  public static Future<AffinityNode> start(AffinityConfig config) {
    AffinityNode node = new AffinityNode(config);
    LOG.info("starting Affinity with {}", config);
    return Cluster.start(config, node.metricsRegistry)
        .compose(vertx -> {
          node.vertx = vertx;
          return vertx.executeBlocking(() -> Database.open(vertx, config));
        })
        .compose(db -> {
          node.database = db;
          // Probing CUDA loads native libraries: a worker's job, once per node.
          return node.vertx.executeBlocking(() -> GpuRuntime.select(GpuRuntime.Mode.parse(config.gpu())));
        })
        .compose(gpu -> {
          LOG.info("compute path: {}", gpu.description());
          if (gpu.cudaActive()) {
            Models.useDiffusionSampler(gpu.diffusion());
          }
          node.services = node.buildServices(gpu);
          return node.services.apiKeys().ready();
        })
        .compose(v -> ContractLoader.load(node.vertx))
        .compose(contract -> node.deployHttp(contract))
        .map(node)
        .recover(err -> node.stop().transform(ignored -> Future.failedFuture(err)));
  }

  private Services buildServices(GpuRuntime gpu) {
    JwtSettings jwtSettings = new JwtSettings(config.jwtSecret().getBytes(StandardCharsets.UTF_8),
        "affinity", "affinity-dashboard", Duration.ofHours(8));
    Services s = new Services(config, vertx, database,
        new TenantRegistry(vertx, database.pool()),
        new ApiKeyService(vertx, database.pool()),
        new AdminAuth(vertx, database.pool()),
        new JwtTokens(vertx, jwtSettings),
        new RateLimiter(),
        metricsRegistry,
        gpu,
        new NodeMetrics(BackendRegistries.getNow(metricsRegistry)));
    features = Features.create(s);
    return s;
  }

  private Future<Void> deployHttp(OpenAPIContract contract) {
    if (config.port() == 0) {
      // Port 0 picks a different free port per listen, so several instances could not share it.
      HttpVerticle verticle = new HttpVerticle(services, contract, features);
      return vertx.deployVerticle(verticle).map(id -> {
        port = verticle.actualPort();
        LOG.info("HTTP listening on port {}", port);
        return null;
      });
    }
    return vertx.deployVerticle(() -> new HttpVerticle(services, contract, features),
            new DeploymentOptions().setInstances(HTTP_INSTANCES))
        .map(id -> {
          port = config.port();
          LOG.info("HTTP listening on {}:{} with {} event-loop instance(s)", config.host(), port, HTTP_INSTANCES);
          return null;
        });
  }

  /**
   * Lets features finish their background writes, then stops HTTP, Vert.x (leaving the cluster) and
   * the embedded database.
   */
  public Future<Void> stop() {
    Future<Void> featuresClosed = features == null ? Future.succeededFuture()
        : Future.join(features.stream().map(ApiFeature::close).toList()).<Void>mapEmpty()
            .recover(err -> {
              LOG.warn("a feature did not close cleanly: {}", err.getMessage());
              return Future.succeededFuture();
            });
    Future<Void> closed = featuresClosed.compose(v -> vertx == null ? Future.succeededFuture() : vertx.close());
    return closed.eventually(() -> {
      if (services != null) {
        Models.releaseDiffusionSampler(services.gpu().diffusion());
        services.gpu().close();
      }
      if (database != null) {
        database.close();
      }
      return Future.succeededFuture();
    });
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This node's instance of a feature, e.g. to reach the experiments' exposure log. */
  public <T extends ApiFeature> java.util.Optional<T> feature(Class<T> type) {
    return features.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  public Services services() {
    return services;
  }

  /** Name of this node's Micrometer registry (served at /metrics). */
  public String metricsRegistry() {
    return metricsRegistry;
  }

  public AffinityConfig config() {
    return config;
  }
}
