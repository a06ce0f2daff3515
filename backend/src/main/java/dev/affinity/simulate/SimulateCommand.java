package dev.affinity.simulate;

import dev.affinity.demo.ApiClient;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code affinity simulate}: sends synthetic but plausible traffic through a node's public API so that a person
 * can watch an experiment fill up in the dashboard, with a known lift per variant to check the statistics
 * against. It goes through the real API (auth, rate limits, exposure logging), never internal classes.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate users visiting, clicking and buying through the real API.")
public final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--api", paramLabel = "URL", description = "Node base URL (default ${DEFAULT-VALUE}).")
  String api = "http://localhost:8080";

  @Option(names = "--key", required = true, paramLabel = "KEY", description = "API key with ingest and recommend scopes.")
  String key;

  @Option(names = "--users", paramLabel = "N", description = "Users u0..u{N-1} (default ${DEFAULT-VALUE}).")
  int users = 1000;

  @Option(names = "--days", paramLabel = "D", description = "Simulated days, one visit per user per day (default ${DEFAULT-VALUE}).")
  int days = 1;

  @Option(names = "--user-prefix", paramLabel = "P", description = "User id prefix (default ${DEFAULT-VALUE}).")
  String userPrefix = "u";

  @Option(names = "--click-rate", paramLabel = "P", description = "Chance a visit clicks the first item (default ${DEFAULT-VALUE}).")
  double clickRate = 0.05;

  @Option(names = "--purchase-rate", paramLabel = "P", description = "Chance a click leads to a purchase (default ${DEFAULT-VALUE}).")
  double purchaseRate = 0.01;

  @Option(names = "--lift", paramLabel = "VARIANT=FACTOR", description = "Multiply a variant's click rate (repeatable).")
  Map<String, Double> lift = new LinkedHashMap<>();

  @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--concurrency", paramLabel = "N", description = "Parallel visitors (default ${DEFAULT-VALUE}).")
  int concurrency = 4;

  private Tally result;

  /** What the last run sent, for callers running the command in-process; null before a run. */
  public Tally result() {
    return result;
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Simulation sim = new Simulation(new ApiClient(api), key, new Simulation.Settings(users, days, userPrefix,
        clickRate, purchaseRate, Map.copyOf(lift), seed, concurrency), System.out);
    try {
      result = sim.run();
    } catch (UncheckedIOException | ApiClient.ApiException | IllegalArgumentException e) {
      System.err.println("simulate: " + e.getMessage());
      return 2;
    }
    summarise(result);
    return 0;
  }

  private void validate() {
    require(users > 0, "--users must be positive");
    require(days > 0, "--days must be positive");
    require(concurrency > 0, "--concurrency must be positive");
    require(clickRate >= 0 && clickRate <= 1, "--click-rate must be within [0, 1]");
    require(purchaseRate >= 0 && purchaseRate <= 1, "--purchase-rate must be within [0, 1]");
    lift.forEach((v, f) -> require(f >= 0 && Double.isFinite(f), "--lift " + v + " must be a non-negative factor"));
    require(api.startsWith("http://") || api.startsWith("https://"), "--api must be an http(s) URL");
  }

  private void require(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  private static void summarise(Tally t) {
    System.out.printf("visits: %d%n", t.visits());
    t.variants().forEach((v, c) -> System.out.printf("variant %s: exposures=%d clicks=%d purchases=%d ctr=%.4f%n",
        v, c.exposures(), c.clicks(), c.purchases(), c.exposures() == 0 ? 0.0 : (double) c.clicks() / c.exposures()));
  }
}
