package dev.affinity.app;

import dev.affinity.config.AffinityConfig;
import dev.affinity.config.ConfigLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code affinity serve}: runs a node until the process is stopped. Configuration comes from env. */
@Command(name = "serve", description = "Start an Affinity node (configured by AFFINITY_* environment variables).")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Override
  public Integer call() throws Exception {
    AffinityConfig config = ConfigLoader.load();
    AffinityNode node = AffinityNode.start(config).await(10, TimeUnit.MINUTES);
    StartupBanner.print(node);
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
    stopped.await();
    return 0;
  }
}
