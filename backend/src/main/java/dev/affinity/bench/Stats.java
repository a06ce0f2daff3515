package dev.affinity.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Medians and formatting shared by the benchmarks: medians, because single runs on a shared box are noisy. */
final class Stats {
  private Stats() {
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String list(List<Double> values) {
    return Arrays.toString(values.stream().map(Stats::f).toArray());
  }

  /** CPU time this JVM has used so far (all its threads), in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Describes the machine for the results: cores, CPU model, memory. */
  static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse(cpu);
    } catch (java.io.IOException ignored) {
      // not Linux: the model stays unknown
    }
    long memBytes = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
        + (memBytes >> 30) + " GiB RAM, Java " + Runtime.version();
  }
}
