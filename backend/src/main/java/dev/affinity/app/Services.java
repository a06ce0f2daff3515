package dev.affinity.app;

import dev.affinity.config.AffinityConfig;
import dev.affinity.gpu.runtime.GpuRuntime;
import dev.affinity.metrics.NodeMetrics;
import dev.affinity.storage.Database;
import dev.affinity.tenants.AdminAuth;
import dev.affinity.tenants.ApiKeyService;
import dev.affinity.tenants.JwtTokens;
import dev.affinity.tenants.RateLimiter;
import dev.affinity.tenants.TenantRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The node's long-lived services, built once at start-up and handed to each feature, so features
 * never construct shared infrastructure themselves.
 */
public record Services(
    AffinityConfig config,
    Vertx vertx,
    Database database,
    TenantRegistry tenants,
    ApiKeyService apiKeys,
    AdminAuth adminAuth,
    JwtTokens jwt,
    RateLimiter rateLimiter,
    String metricsRegistry,
    GpuRuntime gpu,
    NodeMetrics metrics) {

  public Pool pool() {
    return database.pool();
  }
}
