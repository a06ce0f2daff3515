package dev.affinity.app;

import dev.affinity.demo.DemoCredentials;
import java.util.Optional;

/**
 * What a person sees once the node is up: where to go, how to log in, and (with the demo tenant) a
 * request that works as pasted. Printed on every start because the demo API key cannot be fetched
 * from the API again.
 */
final class StartupBanner {
  /** First line of the banner; scripts and tests wait for it. */
  static final String READY_LINE = "Affinity is running.";

  private StartupBanner() {
  }

  /** The URL a person on this machine opens. */
  static String publicBase(AffinityNode node) {
    return "http://localhost:" + node.port();
  }

  /** The URL an in-process client uses to reach this node (the bound interface, or loopback). */
  static String loopbackBase(AffinityNode node) {
    String host = node.config().host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isBlank()) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + node.port();
  }

  /** The banner's text; {@link ServeCommand} prints it, so this class does no I/O. */
  static String text(AffinityNode node, Optional<DemoCredentials> demo) {
    String base = publicBase(node);
    StringBuilder b = new StringBuilder();
    b.append('\n').append(READY_LINE).append('\n')
        .append("  Dashboard:  ").append(base).append("/dashboard").append('\n')
        .append("  API docs:   ").append(base).append("/docs").append('\n')
        .append("  Health:     ").append(base).append("/health/ready").append('\n')
        .append("  Data dir:   ").append(node.config().dataDir()).append('\n');
    demo.ifPresent(d -> {
      b.append('\n').append("Demo tenant").append(d.seeded() ? "" : " (seeding did not finish; restart to resume)")
          .append('\n')
          .append("  Login:      ").append(d.adminEmail()).append(" / ").append(d.adminPassword()).append('\n')
          .append("  API key:    ").append(d.apiKey()).append('\n')
          .append("  Kept in:    ").append(DemoCredentials.file(node.config().dataDir())).append('\n')
          .append("  Try:        curl -H 'Authorization: Bearer ").append(d.apiKey()).append("' '")
          .append(base).append("/v1/users/").append(d.sampleUser()).append("/recommendations?count=10'").append('\n');
    });
    return b.toString();
  }
}
