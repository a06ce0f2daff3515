package dev.affinity.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs the {@code wrk} load generator (a separate native process, so the load generator does not share
 * the JVM it measures) and reads its figures. Requests vary the user per request through a Lua script,
 * so caches cannot serve one hot key.
 */
final class Wrk {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ");
  private static final Pattern ERRORS = Pattern.compile("(Non-2xx or 3xx responses|Socket errors):\\s*(.+)");

  /** One run's figures; latencies in milliseconds. */
  /**
   * One run; {@code cpuMicrosPerRequest} is the CPU time this JVM (the server side: wrk is another process) spent
   * per request answered, which a busy shared machine disturbs far less than throughput.
   */
  record Result(double requestsPerSecond, double p50Millis, double p99Millis, String errors, String raw,
      long requests, double cpuMicrosPerRequest) {
  }

  private final int threads;
  private final int connections;

  Wrk(int threads, int connections) {
    this.threads = threads;
    this.connections = connections;
  }

  /** Fails with a clear message when wrk is not installed. */
  static void requireInstalled() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("the serve benchmark needs 'wrk' (Debian package wrk; ops/bench installs it)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a Lua script that requests {@code prefix + user + suffix} for users from the list, each wrk
   * thread walking the list from its own offset with a fixed stride (deterministic, and varied).
   */
  static Path script(List<String> users, String prefix, String suffix) throws IOException {
    String list = users.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
    String lua = """
        local users = {%s}
        local counter = 0
        function setup(thread)
          counter = counter + 1
          thread:set("offset", counter * 7919)
        end
        local i = 0
        function request()
          i = i + 1
          local u = users[((offset or 0) + i * 104729) %% #users + 1]
          return wrk.format("GET", "%s" .. u .. "%s")
        end
        """.formatted(list, prefix, suffix);
    Path file = Files.createTempFile("affinity-wrk", ".lua");
    Files.writeString(file, lua, StandardCharsets.UTF_8);
    file.toFile().deleteOnExit();
    return file;
  }

  Result run(String baseUrl, Path script, String authorization, int seconds) throws IOException, InterruptedException {
    List<String> cmd = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
        "-H", "Authorization: " + authorization, "-s", script.toString(), baseUrl);
    long cpuBefore = Stats.processCpuNanos();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + out);
    }
    long cpu = Stats.processCpuNanos() - cpuBefore;
    Result r = parse(out);
    return new Result(r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors(), r.raw(), r.requests(),
        r.requests() == 0 ? Double.NaN : cpu / 1000.0 / r.requests());
  }

  static Result parse(String out) {
    Matcher rps = RPS.matcher(out);
    if (!rps.find()) {
      throw new IllegalStateException("no Requests/sec in wrk output:\n" + out);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher m = PERCENTILE.matcher(out);
    while (m.find()) {
      double ms = toMillis(Double.parseDouble(m.group(2)), m.group(3));
      if (m.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    Matcher e = ERRORS.matcher(out);
    StringBuilder errors = new StringBuilder();
    while (e.find()) {
      errors.append(e.group(1)).append(": ").append(e.group(2).trim()).append("; ");
    }
    Matcher total = TOTAL.matcher(out);
    long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
    return new Result(Double.parseDouble(rps.group(1)), p50, p99, errors.toString(), out, requests, Double.NaN);
  }

  private static double toMillis(double v, String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }
}
