package dev.affinity.gpu.itemitem;

import dev.affinity.gpu.cpu.MicroKernel;
import dev.affinity.gpu.similarity.CpuSimilarityTopK;
import dev.affinity.gpu.similarity.Metric;
import dev.affinity.gpu.testing.GpuTestSupport;
import dev.affinity.gpu.testing.TopKAssertions;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Item-item neighbours on CUDA against the all-pairs reference and the CPU twin. */
@Tag("gpu")
class CudaItemItemGpuTest {
  @BeforeAll
  static void requireDevice() {
    GpuTestSupport.cuda(); // skips the class without a usable CUDA device
  }


  @ParameterizedTest(name = "n={0} d={1} k={2} {3}")
  @CsvSource({"1, 3, 2, DOT", "67, 9, 5, COSINE", "300, 24, 400, DOT"})
  void matchesAllPairsReference(int n, int d, int k, Metric metric) {
    float[] v = random(n * d, n);
    TopKAssertions.assertClose(SimilarityItemItemTopKTest.reference(v, n, d, k, metric),
        GpuTestSupport.cuda().itemItem().topK(v, n, d, k, metric), 1e-5f);
  }

  @ParameterizedTest(name = "n={0} d={1} k={2} {3}")
  @CsvSource({"20000, 64, 20, COSINE", "9000, 128, 50, DOT"})
  void matchesCpuTwin(int n, int d, int k, Metric metric) {
    float[] v = random(n * d, n);
    TopKAssertions.assertClose(
        new SimilarityItemItemTopK(new CpuSimilarityTopK(ForkJoinPool.commonPool(), MicroKernel.best()))
            .topK(v, n, d, k, metric),
        GpuTestSupport.cuda().itemItem().topK(v, n, d, k, metric), 1e-5f);
  }

  private static float[] random(int count, long seed) {
    Random rnd = new Random(seed);
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }
}
