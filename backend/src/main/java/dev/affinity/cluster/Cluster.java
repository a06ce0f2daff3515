package dev.affinity.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.affinity.config.AffinityConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts this node's Vert.x, clustered through Hazelcast so that key revocations and model switches
 * published on the event bus reach every node. Join is TCP-IP only (multicast off: it is unreliable on
 * cloud networks and would let unrelated clusters on one LAN merge); with no members configured the
 * node looks for peers on its own host, which is what a single-machine deployment and the tests want.
 */
public final class Cluster {
  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

  private Cluster() {
  }

  /**
   * A clustered Vert.x when {@code config.clustered()}, a plain one otherwise, reporting metrics to a
   * Prometheus registry of the given name (one per node, so several nodes in one JVM stay apart).
   *
   * <p>Vert.x's own HTTP server metrics are off: {@code dev.affinity.metrics} records every request by tenant
   * and route template instead, and Vert.x's version (a timer and gauges looked up by tags on every request,
   * about 7 % of the event loop in the serving profile) would pay that cost twice without the tenant.
   */
  public static Future<Vertx> start(AffinityConfig config, String metricsRegistryName) {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .setRegistryName(metricsRegistryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    if (!config.clustered()) {
      return Future.succeededFuture(Vertx.vertx(options));
    }
    options.getEventBusOptions().setHost(config.clusterHost()).setPort(0);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(config));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .onSuccess(v -> LOG.info("joined cluster '{}' as {} ({} member(s))", config.clusterName(),
            manager.getNodeId(), manager.getNodes().size()));
  }

  /**
   * Hazelcast configuration derived from Vert.x's default one, which must be kept: it declares the
   * {@code __vertx.*} maps the cluster manager relies on.
   */
  static Config hazelcastConfig(AffinityConfig config) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(config.clusterName());
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.max.wait.seconds.before.join", "1");
    hz.setProperty("hazelcast.tcp.join.port.try.count", "20");
    hz.getNetworkConfig().setPort(config.clusterPort()).setPortAutoIncrement(true).setPortCount(100);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of(config.clusterHost()));
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = config.clusterMembers().isEmpty()
        ? List.of(config.clusterHost())
        : config.clusterMembers();
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return hz;
  }
}
