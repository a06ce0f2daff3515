package dev.affinity.app;

/** What a person sees once the node is up: where to go and how to log in. */
final class StartupBanner {
  private StartupBanner() {
  }

  static void print(AffinityNode node) {
    String base = "http://localhost:" + node.port();
    StringBuilder b = new StringBuilder();
    b.append('\n').append("Affinity is running.").append('\n')
        .append("  Dashboard:  ").append(base).append("/dashboard").append('\n')
        .append("  API docs:   ").append(base).append("/docs").append('\n')
        .append("  Health:     ").append(base).append("/health/ready").append('\n')
        .append("  Data dir:   ").append(node.config().dataDir()).append('\n');
    System.out.println(b);
  }
}
