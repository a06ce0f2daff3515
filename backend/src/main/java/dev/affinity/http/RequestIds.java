package dev.affinity.http;

import dev.affinity.tenants.Principal;
import dev.affinity.tenants.TenantGuard;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when sane, else a fresh one), echoes it
 * in the response and makes it available for log lines, so one failing call can be followed in the logs.
 */
public final class RequestIds implements Handler<RoutingContext> {
  private static final String KEY = "affinity.requestId";

  @Override
  public void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader("X-Request-Id");
    String id = incoming != null && incoming.matches("[A-Za-z0-9._-]{1,64}") ? incoming
        : Long.toHexString(ThreadLocalRandom.current().nextLong());
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    ctx.next();
  }

  public static String get(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  /** The tenant for a log line, or "-" before authentication. */
  public static String tenantForLog(RoutingContext ctx) {
    Principal p = ctx.get(TenantGuard.PRINCIPAL);
    return p == null || p.tenantId() == null ? "-" : p.tenantId().toString();
  }
}
