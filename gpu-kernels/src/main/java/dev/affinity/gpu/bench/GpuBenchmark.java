package dev.affinity.gpu.bench;

import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.cpu.Parallel;
import dev.affinity.gpu.diffusion.CpuDiffusionSampler;
import dev.affinity.gpu.diffusion.DenoiserWeights;
import dev.affinity.gpu.diffusion.DiffusionSampler;
import dev.affinity.gpu.diffusion.NoiseSchedule;
import dev.affinity.gpu.runtime.GpuRuntime;
import dev.affinity.gpu.similarity.CpuSimilarityTopK;
import dev.affinity.gpu.similarity.Metric;
import dev.affinity.gpu.similarity.SimilarityTopK;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times the kernels end to end through the Java interfaces (inputs already resident: catalogue
 * or weights loaded once; each timed call uploads queries / user vectors and downloads results)
 * and prints one JSON object, which ops/gpu/torch_reference.py compares with PyTorch doing the
 * same work on the same device. Usage:
 * <pre>
 *   GpuBenchmark [--what similarity,diffusion] [--path gpu|cpu|both] [--b 4096] [--n 1000000] [--d 128]
 *                [--k 100] [--users 4096] [--items 10000] [--hidden 1000] [--emb 10] [--steps 10]
 *                [--reps 5] [--out file.json]
 * </pre>
 * Shapes default to the (4096 × 1M × 128, k = 100; 4096 users × 10,000 items).
 */
public final class GpuBenchmark {
  private final Map<String, String> args;

  private GpuBenchmark(Map<String, String> args) {
    this.args = args;
  }

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
      }
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    new GpuBenchmark(args).run();
  }

  private int intArg(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }

  private void run() throws IOException {
    List<String> what = List.of(args.getOrDefault("what", "similarity,diffusion").split(","));
    String path = args.getOrDefault("path", "gpu");
    int reps = intArg("reps", 5);
    List<String> results = new ArrayList<>();
    String device = "none";
    try (GpuRuntime rt = path.equals("cpu") ? GpuRuntime.select(GpuRuntime.Mode.OFF) : GpuRuntime.fromEnvironment()) {
      device = rt.description();
      System.err.println("runtime: " + device);
      if (what.contains("similarity")) {
        if (!path.equals("cpu")) {
          results.add(similarity(rt.cudaActive() ? "gpu" : "cpu-fallback", rt.similarity(), reps));
        }
        if (!path.equals("gpu")) {
          results.add(similarity("cpu", new CpuSimilarityTopK(), reps));
        }
      }
      if (what.contains("diffusion")) {
        if (!path.equals("cpu")) {
          results.add(diffusion(rt.cudaActive() ? "gpu" : "cpu-fallback", rt.diffusion(), reps));
        }
        if (!path.equals("gpu")) {
          results.add(diffusion("cpu", new CpuDiffusionSampler(), reps));
        }
      }
    }
    String json = "{\"runtime\": " + quote(device) + ", \"cpu_threads\": " + Parallel.defaultPool().getParallelism()
        + ", \"cpu_kernel\": " + quote(MicroKernel.best().name()) + ", \"results\": [\n  "
        + String.join(",\n  ", results) + "\n]}\n";
    System.out.print(json);
    if (args.containsKey("out")) {
      Files.writeString(Path.of(args.get("out")), json);
    }
  }

  private String similarity(String label, SimilarityTopK impl, int reps) {
    int b = intArg("b", 4096);
    int n = intArg("n", 1_000_000);
    int d = intArg("d", 128);
    int k = intArg("k", 100);
    SplittableRandom rnd = new SplittableRandom(1);
    float[] items = gaussian(rnd, (long) n * d);
    float[] queries = gaussian(rnd, (long) b * d);
    int[] rowPtr = new int[b + 1];
    int[] ex = new int[b * 20];
    for (int q = 0; q < b; q++) {
      for (int j = 0; j < 20; j++) {
        ex[q * 20 + j] = rnd.nextInt(n);
      }
      rowPtr[q + 1] = (q + 1) * 20;
    }
    double[] ms = new double[reps];
    try (SimilarityTopK.Catalogue cat = impl.load(items, n, d)) {
      impl.topK(queries, b, cat, k, Metric.DOT, rowPtr, ex); // warm-up
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        impl.topK(queries, b, cat, k, Metric.DOT, rowPtr, ex);
        ms[r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double med = median(ms);
    double flops = 2.0 * b * n * d;
    double bytes = 4.0 * n * d + 4.0 * b * d + 8.0 * b * k;
    System.err.printf(Locale.ROOT, "similarity %s (%s): %.2f ms, %.2f TFLOP/s, %.1f GB/s%n", label, impl.name(), med,
        flops / med / 1e9, bytes / med / 1e6);
    return String.format(Locale.ROOT, "{\"kernel\": \"similarity\", \"path\": %s, \"impl\": %s, \"b\": %d, \"n\": %d, "
        + "\"d\": %d, \"k\": %d, \"exclusions_per_query\": 20, \"ms_median\": %.3f, \"ms_all\": %s, \"flop\": %.6e, "
        + "\"min_bytes\": %.6e, \"tflops\": %.4f, \"gbps\": %.2f}", quote(label), quote(impl.name()), b, n, d, k, med,
        Arrays.toString(ms), flops, bytes, flops / med / 1e9, bytes / med / 1e6);
  }

  private String diffusion(String label, DiffusionSampler impl, int reps) {
    int users = intArg("users", 4096);
    int items = intArg("items", 10_000);
    int hidden = intArg("hidden", 1000);
    int emb = intArg("emb", 10);
    int steps = intArg("steps", 10);
    SplittableRandom rnd = new SplittableRandom(2);
    DenoiserWeights w = new DenoiserWeights(items, emb, scaled(rnd, emb * emb, 0.3), scaled(rnd, emb, 0.001), List.of(
        new DenoiserWeights.Linear(items + emb, hidden, scaled(rnd, (long) (items + emb) * hidden,
            Math.sqrt(2.0 / (items + emb + hidden))), scaled(rnd, hidden, 0.001)),
        new DenoiserWeights.Linear(hidden, items, scaled(rnd, (long) hidden * items, Math.sqrt(2.0 / (hidden + items))),
            scaled(rnd, items, 0.001))));
    float[] x = new float[users * items];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextDouble() < 0.02 ? 1f : 0f;
    }
    NoiseSchedule s = NoiseSchedule.linearVariance(steps, 0.1, 0.0005, 0.005);
    double[] ms = new double[reps];
    try (DiffusionSampler.Denoiser den = impl.load(w)) {
      den.sample(x, users, s, 0, 1); // warm-up
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        den.sample(x, users, s, 0, 1);
        ms[r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double med = median(ms);
    double flops = 2.0 * steps * users * ((double) items * hidden + (double) hidden * items);
    double bytes = 4.0 * (2.0 * items * hidden) + 8.0 * users * items;
    System.err.printf(Locale.ROOT, "diffusion %s (%s): %.2f ms, %.2f TFLOP/s%n", label, impl.name(), med,
        flops / med / 1e9);
    return String.format(Locale.ROOT, "{\"kernel\": \"diffusion\", \"path\": %s, \"impl\": %s, \"users\": %d, "
        + "\"items\": %d, \"hidden\": %d, \"emb\": %d, \"steps\": %d, \"ms_median\": %.3f, \"ms_all\": %s, "
        + "\"flop\": %.6e, \"min_bytes\": %.6e, \"tflops\": %.4f, \"gbps\": %.2f}", quote(label), quote(impl.name()), users,
        items, hidden, emb, steps, med, Arrays.toString(ms), flops, bytes, flops / med / 1e9, bytes / med / 1e6);
  }

  private static float[] gaussian(SplittableRandom rnd, long count) {
    return scaled(rnd, count, 1.0);
  }

  private static float[] scaled(SplittableRandom rnd, long count, double std) {
    if (count > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("too many values for one array: " + count);
    }
    float[] a = new float[(int) count];
    for (int i = 0; i < a.length; i++) {
      // sum of 4 uniforms: cheap, bell-shaped, unit variance after scaling
      double u = rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 2.0;
      a[i] = (float) (u * Math.sqrt(3.0) * std);
    }
    return a;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
