package dev.affinity.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code affinity bench}: the foundation benchmarks. Each subcommand starts its own node on its own
 * embedded PostgreSQL and compares the API against the best the same machine can do without it (raw
 * COPY, a trivial HTTP endpoint), so the figures say how much the service costs, not just how fast the
 * machine is. Results are written down in {@code docs/benchmarks/}, never asserted by timed tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Foundation benchmarks (each starts its own node and database).",
    subcommands = {IngestBenchCommand.class, ServeBenchCommand.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
