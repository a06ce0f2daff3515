package dev.affinity.gpu.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.affinity.gpu.cpu.MicroKernel;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU twin against the naive reference. Both accumulate each dot product as the same fma
 * chain, so results must match exactly: ids, order, tie-breaks and scores.
 */
class CpuSimilarityTopKTest {
  private static final ForkJoinPool POOL = new ForkJoinPool(3);

  @AfterAll
  static void shutdown() {
    POOL.shutdownNow();
  }

  static float[] random(Random rnd, int count) {
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  /** A random CSR exclusion list with some empty rows, duplicates and out-of-range ids. */
  static int[][] randomExclusions(Random rnd, int b, int n) {
    int[] rowPtr = new int[b + 1];
    int[] ids = new int[b * 12];
    int e = 0;
    for (int q = 0; q < b; q++) {
      int count = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(12);
      for (int j = 0; j < count; j++) {
        ids[e++] = rnd.nextInt(20) == 0 ? n + 5 : rnd.nextInt(Math.max(1, n));
      }
      rowPtr[q + 1] = e;
    }
    return new int[][] {rowPtr, ids};
  }

  private static void check(SimilarityTopK impl, long seed, int b, int n, int d, int k, Metric metric,
      boolean exclusions) {
    Random rnd = new Random(seed);
    float[] q = random(rnd, b * d);
    float[] v = random(rnd, n * d);
    int[][] ex = exclusions ? randomExclusions(rnd, b, n) : new int[][] {null, null};
    TopKResult expected = NaiveTopK.topK(q, b, v, n, d, k, metric, ex[0], ex[1]);
    TopKResult actual = impl.topK(q, b, v, n, d, k, metric, ex[0], ex[1]);
    assertNull(NaiveTopK.firstDifference(expected, actual),
        () -> impl.name() + " b=" + b + " n=" + n + " d=" + d + " k=" + k + " " + metric);
  }

  @ParameterizedTest(name = "b={0} n={1} d={2} k={3} {4} exclusions={5}")
  @CsvSource({
      "1, 1, 1, 1, DOT, false",
      "1, 100, 1, 5, DOT, false",
      "3, 37, 5, 10, COSINE, true",
      "5, 33, 16, 40, DOT, true",       // k > n
      "17, 1000, 33, 7, COSINE, true",  // n not a multiple of any panel width
      "64, 2049, 64, 100, DOT, true",
      "130, 517, 128, 16, COSINE, false",
      "2, 5000, 3, 1, DOT, true",
  })
  void matchesNaiveReferenceWithBestKernel(int b, int n, int d, int k, Metric metric, boolean ex) {
    check(new CpuSimilarityTopK(POOL, MicroKernel.best()), 42 + b * 31L + n, b, n, d, k, metric, ex);
  }

  @ParameterizedTest(name = "b={0} n={1} d={2} k={3}")
  @CsvSource({"1, 1, 1, 1", "9, 300, 7, 12", "33, 1025, 65, 50"})
  void matchesNaiveReferenceWithPlainKernel(int b, int n, int d, int k) {
    check(new CpuSimilarityTopK(POOL, MicroKernel.scalar()), 7 + n, b, n, d, k, Metric.DOT, true);
    check(new CpuSimilarityTopK(POOL, MicroKernel.scalar()), 8 + n, b, n, d, k, Metric.COSINE, false);
  }

  @Test
  void duplicateScoresAreBrokenByLowerId() {
    int n = 300;
    int d = 8;
    Random rnd = new Random(3);
    float[] base = random(rnd, 4 * d);
    float[] v = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(base, (i % 4) * d, v, i * d, d); // only 4 distinct vectors
    }
    float[] q = random(rnd, 5 * d);
    SimilarityTopK cpu = new CpuSimilarityTopK(POOL, MicroKernel.best());
    for (Metric m : Metric.values()) {
      TopKResult expected = NaiveTopK.topK(q, 5, v, n, d, 90, m, null, null);
      TopKResult actual = cpu.topK(q, 5, v, n, d, 90, m, null, null);
      assertNull(NaiveTopK.firstDifference(expected, actual));
      for (int r = 0; r < 5; r++) {
        for (int j = 1; j < 90; j++) {
          if (actual.score(r, j) == actual.score(r, j - 1)) {
            assertEquals(true, actual.id(r, j) > actual.id(r, j - 1), "tie order in row " + r);
          }
        }
      }
    }
  }

  @Test
  void padsWhenExclusionsLeaveFewerThanK() {
    float[] v = {1, 0, 0, 1, 1, 1};
    float[] q = {1, 2};
    TopKResult r = new CpuSimilarityTopK(POOL, MicroKernel.best())
        .topK(q, 1, v, 3, 2, 4, Metric.DOT, new int[] {0, 1}, new int[] {2});
    assertEquals(1, r.id(0, 0));
    assertEquals(0, r.id(0, 1));
    assertEquals(-1, r.id(0, 2));
    assertEquals(Float.NEGATIVE_INFINITY, r.score(0, 3));
    assertEquals(2f, r.score(0, 0));
  }

  @Test
  void zeroVectorsScoreZeroUnderCosineAndNaNIsNeverReturned() {
    float[] v = {0, 0, Float.NaN, 1, 3, 4};
    float[] q = {0, 1};
    TopKResult r = new CpuSimilarityTopK(POOL, MicroKernel.best()).topK(q, 1, v, 3, 2, 3, Metric.COSINE, null, null);
    assertEquals(2, r.id(0, 0));
    assertEquals(0.8f, r.score(0, 0), 1e-6f);
    assertEquals(0, r.id(0, 1));
    assertEquals(0f, r.score(0, 1));
    assertEquals(-1, r.id(0, 2));
  }

  @Test
  void emptyInputs() {
    SimilarityTopK cpu = new CpuSimilarityTopK(POOL, MicroKernel.best());
    assertEquals(0, cpu.topK(new float[0], 0, new float[8], 2, 4, 3, Metric.DOT, null, null).ids().length);
    TopKResult none = cpu.topK(new float[4], 1, new float[0], 0, 4, 3, Metric.DOT, new int[] {0, 0}, new int[0]);
    assertEquals(TopKResult.padding(1, 3), none);
  }

  @Test
  void rejectsBadArguments() {
    SimilarityTopK cpu = new CpuSimilarityTopK(POOL, MicroKernel.best());
    float[] v = new float[8];
    assertThrows(IllegalArgumentException.class, () -> cpu.topK(new float[4], 1, v, 2, 4, 0, Metric.DOT, null, null));
    assertThrows(IllegalArgumentException.class, () -> cpu.topK(new float[3], 1, v, 2, 4, 1, Metric.DOT, null, null));
    assertThrows(IllegalArgumentException.class, () -> cpu.topK(new float[4], 1, v, 3, 4, 1, Metric.DOT, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> cpu.topK(new float[4], 1, v, 2, 4, 1, Metric.DOT, new int[] {0}, new int[0]));
    assertThrows(IllegalArgumentException.class,
        () -> cpu.topK(new float[4], 1, v, 2, 4, 1, Metric.DOT, new int[] {0, 2}, new int[] {1}));
    SimilarityTopK.Catalogue c = cpu.load(v, 2, 4);
    c.close();
    assertThrows(IllegalStateException.class, () -> cpu.topK(new float[4], 1, c, 1, Metric.DOT, null, null));
  }
}
