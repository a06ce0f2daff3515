package dev.affinity.metrics;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's figures from every node of the cluster, merged, so the dashboard shows the tenant's whole traffic
 * and not the share a load balancer happened to send to the node that renders the page. Each node answers on its
 * own clustered address ({@value #ADDRESS}{@code <node id>}) with {@link TenantFigures} of the one tenant asked
 * for; the asking node sends one request per member it knows and merges what comes back within
 * {@link #TIMEOUT_MS}. The merge is exact because the figures are counts and histogram bucket counts, which add
 * up (the reason latency is kept in fixed buckets). A node that does not answer in time (starting, leaving,
 * overloaded) is left out and the page says how many answered. Unclustered, it is this node's figures.
 */
public final class ClusterFigures {
  static final String ADDRESS = "affinity.metrics.figures.";
  static final long TIMEOUT_MS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(ClusterFigures.class);

  private final Vertx vertx;
  private final NodeMetrics local;
  /** Kept so the registration lives as long as this object; Vert.x unregisters it on close. */
  private final MessageConsumer<String> consumer;

  public ClusterFigures(Vertx vertx, NodeMetrics local) {
    this.vertx = vertx;
    this.local = local;
    VertxInternal vx = (VertxInternal) vertx;
    this.consumer = vx.isClustered()
        ? vertx.eventBus().consumer(ADDRESS + vx.clusterManager().getNodeId(), this::answer) : null;
  }

  private void answer(Message<String> msg) {
    Optional<TenantId> tenant = TenantId.parse(msg.body());
    if (tenant.isEmpty()) {
      msg.fail(400, "not a tenant id");
      return;
    }
    msg.reply(local.figures(tenant.get()).toJson());
  }

  /** The tenant's figures from all nodes that answer in time (this one always does). */
  public Future<TenantFigures> of(TenantId tenant) {
    VertxInternal vx = (VertxInternal) vertx;
    if (!vx.isClustered()) {
      return Future.succeededFuture(local.figures(tenant));
    }
    String self = vx.clusterManager().getNodeId();
    List<String> members = new ArrayList<>(vx.clusterManager().getNodes());
    if (!members.contains(self)) {
      members.add(self);
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);
    List<Future<TenantFigures>> asks = new ArrayList<>(members.size());
    for (String node : members) {
      asks.add(node.equals(self) ? Future.succeededFuture(local.figures(tenant))
          : vertx.eventBus().<JsonObject>request(ADDRESS + node, tenant.toString(), options)
              .map(reply -> TenantFigures.fromJson(reply.body()))
              .onFailure(e -> LOG.warn("tenant={} node {} sent no metrics: {}", tenant, node, e.getMessage())));
    }
    return Future.join(asks).transform(done -> Future.succeededFuture(TenantFigures.merge(
        asks.stream().filter(Future::succeeded).map(Future::result).toList(), members.size())));
  }
}
