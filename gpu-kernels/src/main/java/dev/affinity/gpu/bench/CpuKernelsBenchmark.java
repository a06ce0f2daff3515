package dev.affinity.gpu.bench;

import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.cpu.Parallel;
import dev.affinity.gpu.diffusion.CpuDiffusionSampler;
import dev.affinity.gpu.diffusion.DenoiserWeights;
import dev.affinity.gpu.diffusion.DiffusionSampler;
import dev.affinity.gpu.diffusion.NoiseSchedule;
import dev.affinity.gpu.itemitem.SimilarityItemItemTopK;
import dev.affinity.gpu.similarity.CpuSimilarityTopK;
import dev.affinity.gpu.similarity.Metric;
import dev.affinity.gpu.similarity.SimilarityTopK;
import dev.affinity.gpu.similarity.TopKResult;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Issue 4's CPU check: each CPU twin against OpenBLAS SGEMM of exactly the same GEMM shape on this
 * machine, reported as effective GFLOP/s and the ratio twin / SGEMM (the goal is ≥ 0.5).
 *
 * <p>Why interleaved: the benchmark machine is shared, so its speed drifts by tens of percent
 * within a minute. Every repetition times the twin and then the baseline back to back, the
 * reported figures are medians, and the ratio is the median of the per-repetition ratios, which
 * cancels most of the drift. Both sides use the same number of threads.
 *
 * <p>What is timed, per kernel (inputs that are prepared once in production are prepared once
 * here: the twins' packed catalogue and weights, the baseline's off-heap copies):
 * <ul>
 *   <li>similarity: the twin's {@code topK} (b queries × n items × d, k, 20 exclusions per query,
 *       dot product) against SGEMM {@code C = Q·Vᵀ} (b × n) and, separately, the top-k of C;
 *   <li>item-item: the twin's {@code topK} over n items (packing included, self excluded) against
 *       SGEMM n × n × d and the top-k of its rows;
 *   <li>diffusion: the twin's reverse process (T steps, two layers each, bias/tanh/posterior as
 *       epilogues) against the same 2·T SGEMMs without epilogues.
 * </ul>
 * FLOPs are 2·m·n·k of the GEMMs only, so the twin is charged for its top-k or epilogue time.
 *
 * <pre>
 *   CpuKernelsBenchmark [--what similarity,itemitem,diffusion] [--b 256,1024] [--n 100000] [--d 128]
 *       [--k 100] [--ii-n 10000] [--users 1024] [--items 10000] [--hidden 1000] [--emb 10]
 *       [--steps 1] [--threads nproc] [--reps 5] [--out file.json]
 * </pre>
 * Needs Smile's smile-base jar on the class path, libopenblas installed, and the JVM flags
 * {@code --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED}.
 */
public final class CpuKernelsBenchmark {
  private static final int EXCLUSIONS_PER_QUERY = 20;

  private final Map<String, String> args;
  private final ForkJoinPool pool;
  private final int reps;

  private CpuKernelsBenchmark(Map<String, String> args) {
    this.args = args;
    int threads = intArg("threads", Runtime.getRuntime().availableProcessors());
    this.pool = threads == Parallel.defaultPool().getParallelism() ? Parallel.defaultPool() : new ForkJoinPool(threads);
    this.reps = intArg("reps", 5);
    OpenBlas.threads(threads);
  }

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i += 2) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
      }
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    new CpuKernelsBenchmark(args).run();
  }

  private int intArg(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }

  private void run() throws IOException {
    List<String> what = List.of(args.getOrDefault("what", "similarity,itemitem,diffusion").split(","));
    String header = String.format(Locale.ROOT, "\"cpu\": %s, \"processors\": %d, \"jdk\": %s, \"threads\": %d, "
        + "\"twin_kernel\": %s, \"openblas_config\": %s, \"openblas_core\": %s, \"openblas_threads\": %d, "
        + "\"openblas_library\": %s", quote(cpuModel()), Runtime.getRuntime().availableProcessors(),
        quote(System.getProperty("java.vm.name") + " " + Runtime.version()), pool.getParallelism(),
        quote(MicroKernel.best().name()), quote(OpenBlas.config()), quote(OpenBlas.coreName()), OpenBlas.threads(),
        quote(OpenBlas.mappedLibraries()));
    System.out.println("# " + header);
    List<String> results = new ArrayList<>();
    if (what.contains("similarity")) {
      for (String b : args.getOrDefault("b", "256,1024").split(",")) {
        results.add(similarity(Integer.parseInt(b.trim())));
      }
    }
    if (what.contains("itemitem")) {
      results.add(itemItem());
    }
    if (what.contains("diffusion")) {
      results.add(diffusion());
    }
    String json = "{" + header + ",\n\"results\": [\n  " + String.join(",\n  ", results) + "\n]}\n";
    if (args.containsKey("out")) {
      Files.writeString(Path.of(args.get("out")), json);
    }
    System.out.print(json);
  }

  private String similarity(int b) {
    int n = intArg("n", 100_000);
    int d = intArg("d", 128);
    int k = intArg("k", 100);
    SplittableRandom rnd = new SplittableRandom(1);
    float[] items = gaussian(rnd, (long) n * d);
    float[] queries = gaussian(rnd, (long) b * d);
    int[][] exclude = new int[b][EXCLUSIONS_PER_QUERY];
    int[] rowPtr = new int[b + 1];
    int[] ex = new int[b * EXCLUSIONS_PER_QUERY];
    for (int q = 0; q < b; q++) {
      for (int j = 0; j < EXCLUSIONS_PER_QUERY; j++) {
        exclude[q][j] = ex[q * EXCLUSIONS_PER_QUERY + j] = rnd.nextInt(n);
      }
      rowPtr[q + 1] = (q + 1) * EXCLUSIONS_PER_QUERY;
    }
    SimilarityTopK twin = new CpuSimilarityTopK(pool, MicroKernel.best());
    Timings t = new Timings();
    try (SimilarityTopK.Catalogue cat = twin.load(items, n, d); Arena arena = Arena.ofShared()) {
      MemorySegment v = arena.allocateFrom(ValueLayout.JAVA_FLOAT, items);
      MemorySegment qs = arena.allocate((long) b * d * Float.BYTES, 64);
      MemorySegment c = arena.allocate((long) b * n * Float.BYTES, 64);
      TopKResult twinResult = null;
      int[] baseIds = null;
      for (int r = -1; r < reps; r++) { // r = -1 warms both up
        t.start();
        twinResult = twin.topK(queries, b, cat, k, Metric.DOT, rowPtr, ex);
        t.lap();
        MemorySegment.copy(queries, 0, qs, ValueLayout.JAVA_FLOAT, 0, b * d);
        OpenBlas.sgemmAbt(b, n, d, qs, d, v, d, c, n);
        t.lap();
        baseIds = RowTopK.select(pool, c, b, n, n, k, exclude);
        t.lap();
        t.end(r >= 0);
      }
      double agree = agreement(twinResult.ids(), baseIds, b, k);
      String shape = String.format(Locale.ROOT,
          "\"b\": %d, \"n\": %d, \"d\": %d, \"k\": %d, \"exclusions_per_query\": %d",
          b, n, d, k, EXCLUSIONS_PER_QUERY);
      return t.report("similarity", shape, 2.0 * b * n * d, agree);
    }
  }

  private String itemItem() {
    int n = intArg("ii-n", 10_000);
    int d = intArg("d", 128);
    int k = intArg("k", 100);
    float[] items = gaussian(new SplittableRandom(3), (long) n * d);
    int[][] self = new int[n][];
    for (int i = 0; i < n; i++) {
      self[i] = new int[] {i};
    }
    SimilarityItemItemTopK twin = new SimilarityItemItemTopK(new CpuSimilarityTopK(pool, MicroKernel.best()));
    Timings t = new Timings();
    try (Arena arena = Arena.ofShared()) {
      MemorySegment v = arena.allocate((long) n * d * Float.BYTES, 64);
      MemorySegment c = arena.allocate((long) n * n * Float.BYTES, 64);
      TopKResult twinResult = null;
      int[] baseIds = null;
      for (int r = -1; r < reps; r++) {
        t.start();
        twinResult = twin.topK(items, n, d, k, Metric.DOT);
        t.lap();
        MemorySegment.copy(items, 0, v, ValueLayout.JAVA_FLOAT, 0, n * d);
        OpenBlas.sgemmAbt(n, n, d, v, d, v, d, c, n);
        t.lap();
        baseIds = RowTopK.select(pool, c, n, n, n, k, self);
        t.lap();
        t.end(r >= 0);
      }
      double agree = agreement(twinResult.ids(), baseIds, n, k);
      String shape = String.format(Locale.ROOT, "\"n\": %d, \"d\": %d, \"k\": %d", n, d, k);
      return t.report("itemitem", shape, 2.0 * n * n * d, agree);
    }
  }

  private String diffusion() {
    int users = intArg("users", 1024);
    int items = intArg("items", 10_000);
    int hidden = intArg("hidden", 1000);
    int emb = intArg("emb", 10);
    int steps = intArg("steps", 1);
    SplittableRandom rnd = new SplittableRandom(2);
    float[] w1 = scaled(rnd, (long) (items + emb) * hidden, Math.sqrt(2.0 / (items + emb + hidden)));
    float[] w2 = scaled(rnd, (long) hidden * items, Math.sqrt(2.0 / (hidden + items)));
    DenoiserWeights w = new DenoiserWeights(items, emb, scaled(rnd, emb * emb, 0.3), scaled(rnd, emb, 0.001), List.of(
        new DenoiserWeights.Linear(items + emb, hidden, w1, scaled(rnd, hidden, 0.001)),
        new DenoiserWeights.Linear(hidden, items, w2, scaled(rnd, items, 0.001))));
    float[] x = new float[users * items];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextDouble() < 0.02 ? 1f : 0f;
    }
    NoiseSchedule schedule = NoiseSchedule.linearVariance(steps, 0.1, 0.0005, 0.005);
    DiffusionSampler twin = new CpuDiffusionSampler(pool, MicroKernel.best());
    Timings t = new Timings();
    try (DiffusionSampler.Denoiser den = twin.load(w); Arena arena = Arena.ofShared()) {
      // the twin folds the time embedding into the first layer's bias, so its first GEMM is
      // users × items × hidden over the first `items` columns of W1 (ldb = items + emb); so is this one
      MemorySegment sw1 = arena.allocateFrom(ValueLayout.JAVA_FLOAT, w1);
      MemorySegment sw2 = arena.allocateFrom(ValueLayout.JAVA_FLOAT, w2);
      MemorySegment sx = arena.allocate((long) users * items * Float.BYTES, 64);
      MemorySegment sh = arena.allocate((long) users * hidden * Float.BYTES, 64);
      MemorySegment so = arena.allocate((long) users * items * Float.BYTES, 64);
      for (int r = -1; r < reps; r++) {
        t.start();
        den.sample(x, users, schedule, 0, 1);
        t.lap();
        MemorySegment.copy(x, 0, sx, ValueLayout.JAVA_FLOAT, 0, x.length);
        for (int s = 0; s < steps; s++) {
          OpenBlas.sgemmAbt(users, hidden, items, s % 2 == 0 ? sx : so, items, sw1, items + emb, sh, hidden);
          OpenBlas.sgemmAbt(users, items, hidden, sh, hidden, sw2, hidden, s % 2 == 0 ? so : sx, items);
        }
        t.lap();
        t.lap();
        t.end(r >= 0);
      }
      String shape = String.format(Locale.ROOT,
          "\"users\": %d, \"items\": %d, \"hidden\": %d, \"emb\": %d, \"steps\": %d",
          users, items, hidden, emb, steps);
      return t.report("diffusion", shape, 2.0 * steps * users * (2.0 * items * hidden), Double.NaN);
    }
  }

  /** Share of the twin's top-k ids that the baseline's top-k also has (rounding can swap near-ties). */
  private static double agreement(int[] twin, int[] base, int rows, int k) {
    long same = 0;
    long total = 0;
    for (int r = 0; r < rows; r++) {
      Set<Integer> s = new HashSet<>();
      for (int j = 0; j < k; j++) {
        s.add(base[r * k + j]);
      }
      for (int j = 0; j < k; j++) {
        int id = twin[r * k + j];
        if (id >= 0) {
          total++;
          same += s.contains(id) ? 1 : 0;
        }
      }
    }
    return total == 0 ? 1.0 : (double) same / total;
  }

  /**
   * Per-repetition wall and process-CPU nanoseconds of three phases: the twin, the SGEMM, the
   * baseline's top-k. CPU time is reported beside wall time because on a shared machine it says
   * how much work each side did, while wall time also says how much of the machine it got.
   */
  private final class Timings {
    private static final int PHASES = 3;
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private final List<long[]> wall = new ArrayList<>();
    private final List<long[]> cpu = new ArrayList<>();
    private final String loadBefore = loadAverage();
    private long[] w;
    private long[] c;
    private int phase;
    private long lastWall;
    private long lastCpu;

    void start() {
      w = new long[PHASES];
      c = new long[PHASES];
      phase = 0;
      lastCpu = os.getProcessCpuTime();
      lastWall = System.nanoTime();
    }

    void lap() {
      long nowWall = System.nanoTime();
      long nowCpu = os.getProcessCpuTime();
      w[phase] = nowWall - lastWall;
      c[phase] = nowCpu - lastCpu;
      phase++;
      lastCpu = os.getProcessCpuTime();
      lastWall = System.nanoTime();
    }

    void end(boolean keep) {
      if (keep) {
        wall.add(w);
        cpu.add(c);
      }
    }

    String report(String kernel, String shape, double flop, double agreement) {
      double twinMs = median(wall, 0) / 1e6;
      double sgemmMs = median(wall, 1) / 1e6;
      double topkMs = median(wall, 2) / 1e6;
      double ratio = medianRatio(wall, false);
      double ratioWithTopk = medianRatio(wall, true);
      double cpuRatio = medianRatio(cpu, false);
      double cpuRatioWithTopk = medianRatio(cpu, true);
      String load = loadBefore + " -> " + loadAverage();
      System.out.printf(Locale.ROOT, "RESULT cpu-kernels %s %s: twin %.1f ms %.1f GFLOP/s | sgemm %.1f ms %.1f GFLOP/s"
          + " (+ top-k %.1f ms) | twin/sgemm %.2f (vs sgemm+top-k %.2f; in CPU time %.2f and %.2f) | agreement %.4f"
          + " | load %s%n", kernel, shape.replace("\"", ""), twinMs, flop / twinMs / 1e6, sgemmMs,
          flop / sgemmMs / 1e6, topkMs, ratio, ratioWithTopk, cpuRatio, cpuRatioWithTopk, agreement, load);
      return String.format(Locale.ROOT, "{\"kernel\": \"%s\", %s, \"flop\": %.6e, \"twin_ms\": %.3f, "
          + "\"twin_gflops\": %.2f, \"sgemm_ms\": %.3f, \"sgemm_gflops\": %.2f, \"topk_ms\": %.3f, "
          + "\"ratio_twin_over_sgemm\": %s, \"ratio_twin_over_sgemm_topk\": %s, "
          + "\"cpu_ratio_twin_over_sgemm\": %s, \"cpu_ratio_twin_over_sgemm_topk\": %s, \"topk_agreement\": %s, "
          + "\"load_average\": %s, \"wall_ns\": %s, \"cpu_ns\": %s}", kernel, shape, flop, twinMs,
          flop / twinMs / 1e6, sgemmMs, flop / sgemmMs / 1e6, topkMs, json(ratio), json(ratioWithTopk), json(cpuRatio),
          json(cpuRatioWithTopk), json(agreement), quote(load),
          wall.stream().map(Arrays::toString).toList(), cpu.stream().map(Arrays::toString).toList());
    }

    /** Median over repetitions of baseline time / twin time (= twin FLOP/s / baseline FLOP/s). */
    private double medianRatio(List<long[]> runs, boolean withTopk) {
      double[] v = new double[runs.size()];
      for (int i = 0; i < v.length; i++) {
        long[] r = runs.get(i);
        v[i] = (double) (r[1] + (withTopk ? r[2] : 0)) / r[0];
      }
      return median(v);
    }

    private double median(List<long[]> runs, int phase) {
      return median(runs.stream().mapToDouble(r -> r[phase]).toArray());
    }

    private double median(double[] values) {
      double[] v = values.clone();
      Arrays.sort(v);
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
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
      double u = rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 2.0;
      a[i] = (float) (u * Math.sqrt(3.0) * std);
    }
    return a;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** A number for JSON: null when undefined (e.g. a phase shorter than the CPU clock's 10 ms tick). */
  private static String json(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
