package dev.affinity.gpu.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.gpu.similarity.CpuSimilarityTopK;
import dev.affinity.gpu.similarity.Metric;
import dev.affinity.gpu.similarity.TopKResult;
import org.junit.jupiter.api.Test;

/** Path selection; runs everywhere (on a CUDA machine the AUTO branch checks the other side). */
class GpuRuntimeTest {

  @Test
  void parsesModes() {
    assertEquals(GpuRuntime.Mode.AUTO, GpuRuntime.Mode.parse(null));
    assertEquals(GpuRuntime.Mode.AUTO, GpuRuntime.Mode.parse(" "));
    assertEquals(GpuRuntime.Mode.ON, GpuRuntime.Mode.parse("ON"));
    assertEquals(GpuRuntime.Mode.OFF, GpuRuntime.Mode.parse(" off "));
    assertEquals(GpuRuntime.Mode.AUTO, GpuRuntime.Mode.parse("Auto"));
    assertThrows(IllegalArgumentException.class, () -> GpuRuntime.Mode.parse("yes"));
  }

  @Test
  void offNeverTouchesCuda() {
    try (GpuRuntime rt = GpuRuntime.select(GpuRuntime.Mode.OFF)) {
      assertFalse(rt.cudaActive());
      assertEquals("CPU: disabled by AFFINITY_GPU=off", rt.description());
      assertTrue(rt.similarity() instanceof CpuSimilarityTopK);
      TopKResult r = rt.similarity().topK(new float[] {1, 0}, 1, new float[] {0, 1, 2, 0}, 2, 2, 1, Metric.DOT, null, null);
      assertEquals(1, r.id(0, 0));
    }
  }

  @Test
  void autoFallsBackToCpuAndOnFailsClearlyWithoutADevice() {
    // probe twice: the second probe must not leak JCuda's NoClassDefFoundError
    for (int i = 0; i < 2; i++) {
      try (GpuRuntime auto = GpuRuntime.select(GpuRuntime.Mode.AUTO)) {
        if (auto.cudaActive()) {
          assertTrue(auto.description().startsWith("CUDA: "), auto.description());
          continue;
        }
        assertTrue(auto.description().startsWith("CPU: "), auto.description());
        assertTrue(auto.description().length() > "CPU: ".length());
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class,
            () -> GpuRuntime.select(GpuRuntime.Mode.ON));
        assertTrue(e.getMessage().startsWith("AFFINITY_GPU=on but CUDA is not usable: "), e.getMessage());
        assertEquals(3, auto.itemItem().topK(new float[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 0, 0, 1}, 4, 3, 1, Metric.DOT).id(0, 0) + 1);
      }
    }
  }
}
