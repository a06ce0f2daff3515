package dev.affinity.app;

import dev.affinity.config.AffinityConfig;
import dev.affinity.config.ConfigLoader;
import dev.affinity.demo.ApiClient;
import dev.affinity.demo.DemoCredentials;
import dev.affinity.demo.DemoSeeder;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code affinity serve}: runs a node until the process is stopped. Configuration comes from env. With
 * {@code AFFINITY_SEED_DEMO=true} the demo tenant is seeded first, over HTTP on this (main) thread, so
 * the banner can show working credentials and the event loops are never blocked.
 */
@Command(name = "serve", description = "Start an Affinity node (configured by AFFINITY_* environment variables).")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Override
  public Integer call() throws Exception {
    AffinityConfig config = ConfigLoader.load();
    AffinityNode node = AffinityNode.start(config).await(10, TimeUnit.MINUTES);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      try {
        node.stop().await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown was not clean: {}", e.getMessage());
      }
      stopped.countDown();
    }, "affinity-shutdown"));
    Optional<DemoCredentials> demo = config.seedDemo() ? seedDemo(node) : DemoCredentials.read(config.dataDir());
    System.out.println(StartupBanner.text(node, demo));
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static Optional<DemoCredentials> seedDemo(AffinityNode node) {
    try {
      ApiClient api = new ApiClient(StartupBanner.loopbackBase(node));
      return new DemoSeeder(api, node.config().operatorToken(), node.config().dataDir(),
          StartupBanner.publicBase(node) + "/dashboard").ensureSeeded();
    } catch (RuntimeException e) {
      // The node itself is fine; a broken demo must not take it down.
      LOG.error("demo: seeding failed: {}", e.getMessage());
      return DemoCredentials.read(node.config().dataDir());
    }
  }
}
