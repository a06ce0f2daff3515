package dev.affinity.gpu.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.runtime.CudaDevice;
import dev.affinity.gpu.runtime.GpuException;
import dev.affinity.gpu.testing.GpuTestSupport;
import dev.affinity.gpu.testing.TopKAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fused CUDA kernel against the naive reference (small shapes) and the CPU twin (large ones).
 * Both accumulate the same fma chains, so agreement is expected to be exact; the tolerance only
 * guards against a compiler reassociating. Skipped without a CUDA device.
 */
@Tag("gpu")
class CudaSimilarityTopKGpuTest {
  @BeforeAll
  static void requireDevice() {
    GpuTestSupport.cuda(); // skips the class without a usable CUDA device
  }

  private static final Logger LOG = LoggerFactory.getLogger(CudaSimilarityTopKGpuTest.class);

  private static SimilarityTopK cuda() {
    return GpuTestSupport.cuda().similarity();
  }

  @ParameterizedTest(name = "b={0} n={1} d={2} k={3} {4} exclusions={5}")
  @CsvSource({
      "1, 1, 1, 1, DOT, false",
      "1, 100, 1, 5, DOT, false",
      "3, 37, 5, 10, COSINE, true",
      "5, 33, 16, 40, DOT, true",
      "17, 1000, 33, 7, COSINE, true",
      "64, 2049, 64, 100, DOT, true",
      "65, 4097, 128, 33, COSINE, false",
      "130, 517, 128, 16, COSINE, true",
      "2, 5000, 3, 1, DOT, true",
      "3, 300, 700, 5, DOT, false",
  })
  void matchesNaiveReference(int b, int n, int d, int k, Metric metric, boolean exclusions) {
    Random rnd = new Random(1000L + b * 31L + n);
    float[] q = CpuSimilarityTopKTest.random(rnd, b * d);
    float[] v = CpuSimilarityTopKTest.random(rnd, n * d);
    int[][] ex = exclusions ? CpuSimilarityTopKTest.randomExclusions(rnd, b, n) : new int[][] {null, null};
    TopKResult expected = NaiveTopK.topK(q, b, v, n, d, k, metric, ex[0], ex[1]);
    TopKResult actual = cuda().topK(q, b, v, n, d, k, metric, ex[0], ex[1]);
    String exact = NaiveTopK.firstDifference(expected, actual);
    if (exact != null) {
      LOG.warn("not bit-identical to the reference (b={} n={} d={} k={}): {}", b, n, d, k, exact);
    }
    TopKAssertions.assertClose(expected, actual, 1e-5f);
  }

  @ParameterizedTest(name = "b={0} n={1} d={2} k={3} {4}")
  @CsvSource({"300, 100003, 128, 100, DOT", "1000, 50000, 64, 10, COSINE", "1, 200000, 128, 1000, DOT",
      "4100, 20000, 32, 50, COSINE"})
  void matchesCpuTwinOnLargeShapes(int b, int n, int d, int k, Metric metric) {
    Random rnd = new Random(77L * n + b);
    float[] q = CpuSimilarityTopKTest.random(rnd, b * d);
    float[] v = CpuSimilarityTopKTest.random(rnd, n * d);
    int[][] ex = CpuSimilarityTopKTest.randomExclusions(rnd, b, n);
    TopKResult cpu = new CpuSimilarityTopK(ForkJoinPool.commonPool(), MicroKernel.best())
        .topK(q, b, v, n, d, k, metric, ex[0], ex[1]);
    TopKResult gpu = cuda().topK(q, b, v, n, d, k, metric, ex[0], ex[1]);
    LOG.info("b={} n={} d={} k={} {}: bit-identical to the CPU twin: {}", b, n, d, k, metric, cpu.equals(gpu));
    TopKAssertions.assertClose(cpu, gpu, 1e-5f);
  }

  @Test
  void duplicateScoresAreBrokenByLowerId() {
    int n = 5000;
    int d = 8;
    Random rnd = new Random(3);
    float[] base = CpuSimilarityTopKTest.random(rnd, 4 * d);
    float[] v = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(base, (i % 4) * d, v, i * d, d);
    }
    float[] q = CpuSimilarityTopKTest.random(rnd, 70 * d);
    for (Metric m : Metric.values()) {
      TopKResult expected = NaiveTopK.topK(q, 70, v, n, d, 300, m, null, null);
      assertNull(NaiveTopK.firstDifference(expected, cuda().topK(q, 70, v, n, d, 300, m, null, null)));
    }
  }

  @Test
  void concurrentCallersGetTheirOwnResults() throws Exception {
    Random rnd = new Random(9);
    int n = 30000;
    int d = 48;
    float[] v = CpuSimilarityTopKTest.random(rnd, n * d);
    SimilarityTopK gpu = cuda();
    SimilarityTopK cpu = new CpuSimilarityTopK();
    try (SimilarityTopK.Catalogue gc = gpu.load(v, n, d); SimilarityTopK.Catalogue cc = cpu.load(v, n, d)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
          int b = 1 + t * 7;
          float[] q = CpuSimilarityTopKTest.random(new Random(t), b * d);
          futures.add(pool.submit(() -> {
            TopKAssertions.assertClose(cpu.topK(q, b, cc, 20, Metric.DOT, null, null),
                gpu.topK(q, b, gc, 20, Metric.DOT, null, null), 1e-5f);
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void catalogueMemoryIsFreedOnCloseAndOutOfMemoryIsTyped() {
    CudaDevice device = GpuTestSupport.cuda().device();
    long before = device.call(device::freeMemory);
    float[] v = new float[50_000 * 256];
    for (int i = 0; i < 5; i++) {
      cuda().load(v, 50_000, 256).close();
    }
    long after = device.call(device::freeMemory);
    assertTrue(Math.abs(before - after) < (8L << 20), "free memory " + before + " -> " + after);
    GpuException e = assertThrows(GpuException.class, () -> device.call(() -> device.allocate(1L << 42)));
    assertTrue(e.isOutOfMemory(), e.getMessage());
    // the device is still usable afterwards
    assertEquals(1, cuda().topK(new float[] {1, 0}, 1, new float[] {0, 1, 2, 0}, 2, 2, 1, Metric.DOT, null, null).id(0, 0));
  }
}
