package dev.affinity.gpu.itemitem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.similarity.CpuSimilarityTopK;
import dev.affinity.gpu.similarity.Metric;
import dev.affinity.gpu.similarity.TopKResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Item-item neighbours on the CPU twin against an all-pairs reference. */
class SimilarityItemItemTopKTest {
  private static final ForkJoinPool POOL = new ForkJoinPool(2);

  @AfterAll
  static void shutdown() {
    POOL.shutdownNow();
  }

  static TopKResult reference(float[] v, int n, int d, int k, Metric metric) {
    int[] ids = new int[n * k];
    float[] scores = new float[n * k];
    for (int a = 0; a < n; a++) {
      float[] s = new float[n];
      List<Integer> cand = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        float acc = 0f;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < d; j++) {
          acc = Math.fma(v[a * d + j], v[b * d + j], acc);
          na += (double) v[a * d + j] * v[a * d + j];
          nb += (double) v[b * d + j] * v[b * d + j];
        }
        if (metric == Metric.COSINE) {
          acc = acc * (na == 0 ? 0f : (float) (1 / Math.sqrt(na))) * (nb == 0 ? 0f : (float) (1 / Math.sqrt(nb)));
        }
        s[b] = acc;
        if (b != a) {
          cand.add(b);
        }
      }
      cand.sort((x, y) -> s[x] != s[y] ? Float.compare(s[y], s[x]) : Integer.compare(x, y));
      for (int j = 0; j < k; j++) {
        ids[a * k + j] = j < cand.size() ? cand.get(j) : -1;
        scores[a * k + j] = j < cand.size() ? s[cand.get(j)] : Float.NEGATIVE_INFINITY;
      }
    }
    return new TopKResult(n, k, ids, scores);
  }

  @ParameterizedTest(name = "n={0} d={1} k={2} chunk={3} {4}")
  @CsvSource({"1, 3, 2, 8, DOT", "5, 1, 10, 2, COSINE", "67, 9, 5, 16, DOT", "300, 24, 12, 7, COSINE",
      "130, 33, 129, 8192, DOT"})
  void matchesAllPairsReference(int n, int d, int k, int chunk, Metric metric) {
    Random rnd = new Random(n * 13L + d);
    float[] v = new float[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    TopKResult actual = new SimilarityItemItemTopK(new CpuSimilarityTopK(POOL, MicroKernel.best()), chunk)
        .topK(v, n, d, k, metric);
    assertEquals(reference(v, n, d, k, metric), actual);
    for (int a = 0; a < n; a++) {
      for (int j = 0; j < k; j++) {
        assertNotEquals(a, actual.id(a, j), "an item is never its own neighbour");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void rejectsBadK() {
    SimilarityItemItemTopK ii = new SimilarityItemItemTopK(new CpuSimilarityTopK(POOL, MicroKernel.best()));
    assertThrows(IllegalArgumentException.class, () -> ii.topK(new float[4], 2, 2, 0, Metric.DOT));
  }
}
