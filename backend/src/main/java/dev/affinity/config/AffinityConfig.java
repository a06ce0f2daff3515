package dev.affinity.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a node needs to start, validated once at start-up so a bad setting fails fast with a
 * message naming the setting, instead of surfacing later as an obscure runtime error.
 *
 * @param port            HTTP port; 0 picks a free one (tests)
 * @param host            interface to bind
 * @param dbUrl           external PostgreSQL JDBC-style URL ({@code postgresql://user:pass@host:port/db});
 *                        null means the embedded PostgreSQL under {@code dataDir}
 * @param dataDir         where the embedded database and local files live; kept across restarts
 * @param operatorToken   bearer token of the platform operator (creates tenants); never logged
 * @param jwtSecret       HMAC secret for dashboard sessions, at least 32 bytes; never logged
 * @param clusterMembers  Hazelcast TCP-IP members ({@code host:port}); empty means loopback discovery
 * @param clusterPort     Hazelcast port to bind (0 lets Hazelcast choose from 5701 upwards)
 * @param clustered       whether to run Vert.x clustered at all
 * @param clusterName     Hazelcast cluster name: only members with the same name join each other
 * @param clusterHost     address this member binds for Hazelcast and the event bus
 * @param gpu             {@code auto|on|off}
 * @param seedDemo        create and fill a demo tenant when it does not exist
 * @param maxBodyBytes    request body limit
 * @param secureCookies   mark session cookies Secure (behind HTTPS)
 * @param bandit          how Thompson-sampling experiments re-allocate their traffic
 */
public record AffinityConfig(
    int port,
    String host,
    String dbUrl,
    Path dataDir,
    String operatorToken,
    String jwtSecret,
    List<String> clusterMembers,
    int clusterPort,
    boolean clustered,
    String clusterName,
    String clusterHost,
    String gpu,
    boolean seedDemo,
    long maxBodyBytes,
    boolean secureCookies,
    BanditSettings bandit) {

  public AffinityConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    clusterMembers = List.copyOf(clusterMembers);
    if (port < 0 || port > 65535) {
      throw new ConfigException("AFFINITY_PORT must be between 0 and 65535, got " + port);
    }
    if (clusterPort < 0 || clusterPort > 65535) {
      throw new ConfigException("AFFINITY_CLUSTER_PORT must be between 0 and 65535, got " + clusterPort);
    }
    if (operatorToken == null || operatorToken.length() < 16) {
      throw new ConfigException("AFFINITY_OPERATOR_TOKEN must be at least 16 characters");
    }
    if (jwtSecret == null || jwtSecret.length() < 32) {
      throw new ConfigException("AFFINITY_JWT_SECRET must be at least 32 characters");
    }
    if (clusterName == null || clusterName.isBlank()) {
      throw new ConfigException("AFFINITY_CLUSTER_NAME must not be empty");
    }
    if (clusterHost == null || clusterHost.isBlank()) {
      throw new ConfigException("AFFINITY_CLUSTER_HOST must not be empty");
    }
    if (!List.of("auto", "on", "off").contains(gpu)) {
      throw new ConfigException("AFFINITY_GPU must be auto, on or off, got '" + gpu + "'");
    }
    if (maxBodyBytes < 1024) {
      throw new ConfigException("AFFINITY_MAX_BODY_BYTES must be at least 1024");
    }
    Objects.requireNonNull(bandit, "bandit");
    if (dbUrl != null && dbUrl.isBlank()) {
      dbUrl = null;
    }
  }

  /** The secrets stay out of logs: this is what start-up prints. */
  @Override
  public String toString() {
    return "AffinityConfig[port=" + port + ", host=" + host + ", db=" + (dbUrl == null ? "embedded" : "external")
        + ", dataDir=" + dataDir + ", clusterMembers=" + clusterMembers + ", clusterPort=" + clusterPort
        + ", clustered=" + clustered + ", clusterName=" + clusterName + ", clusterHost=" + clusterHost + ", gpu=" + gpu + ", seedDemo=" + seedDemo + ", maxBodyBytes=" + maxBodyBytes
        + ", secureCookies=" + secureCookies + ", bandit=" + bandit + "]";
  }

  /** A copy with another port, used by tests and by multi-node set-ups on one machine. */
  public AffinityConfig withPort(int newPort) {
    return new AffinityConfig(newPort, host, dbUrl, dataDir, operatorToken, jwtSecret, clusterMembers, clusterPort,
        clustered, clusterName, clusterHost, gpu, seedDemo, maxBodyBytes, secureCookies, bandit);
  }

  /** A copy pointing at another database URL (second node sharing the first node's database). */
  public AffinityConfig withDbUrl(String newDbUrl) {
    return new AffinityConfig(port, host, newDbUrl, dataDir, operatorToken, jwtSecret, clusterMembers, clusterPort,
        clustered, clusterName, clusterHost, gpu, seedDemo, maxBodyBytes, secureCookies, bandit);
  }
}
