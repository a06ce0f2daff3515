package dev.affinity.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ops/affinity}: {@code serve} starts a node; other subcommands are tools that
 * talk to data or to a running node.
 */
@Command(name = "affinity", mixinStandardHelpOptions = true, version = "Affinity 0.1.0",
    description = "Multi-tenant recommendations and experiments.",
    subcommands = {ServeCommand.class, dev.affinity.bench.BenchCommand.class, dev.affinity.eval.EvalCommand.class,
        dev.affinity.simulate.SimulateCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
