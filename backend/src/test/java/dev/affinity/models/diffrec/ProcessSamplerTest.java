package dev.affinity.models.diffrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.affinity.gpu.diffusion.CpuDiffusionSampler;
import dev.affinity.gpu.diffusion.DenoiserWeights;
import dev.affinity.gpu.diffusion.DiffusionSampler;
import dev.affinity.models.Interactions;
import dev.affinity.models.Models;
import dev.affinity.models.PlantedData;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DiffRec models fitted or loaded through the registry sample with the process's sampler — what a
 * node with a GPU sets to its CUDA sampler — and a node that releases its sampler leaves the CPU twin.
 */
class ProcessSamplerTest {

  /** The CPU twin, counting how many models made their weights resident in it. */
  static final class Counting implements DiffusionSampler {
    final DiffusionSampler cpu = new CpuDiffusionSampler();
    final AtomicInteger loads = new AtomicInteger();

    @Override
    public Denoiser load(DenoiserWeights weights) {
      loads.incrementAndGet();
      return cpu.load(weights);
    }

    @Override
    public String name() {
      return "counting";
    }
  }

  @Test
  void fitAndLoadUseTheProcessSamplerUntilItIsReleased() throws Exception {
    Interactions x = PlantedData.standard().train();
    Counting counting = new Counting();
    DiffusionSampler before = Models.useDiffusionSampler(counting);
    try {
      Recommender m = Models.algorithm("diffrec").fit(x, Map.of("hidden", "16", "epochs", "1"),
          new Training(2, null));
      assertEquals(1, counting.loads.get(), "the fitted model's weights went to the process sampler");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Models.save(m, new DataOutputStream(bytes));
      Models.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertEquals(2, counting.loads.get(), "so did the loaded model's");

      Models.releaseDiffusionSampler(new Counting());
      assertSame(counting, Models.diffusionSampler(), "releasing another node's sampler changes nothing");
      Models.releaseDiffusionSampler(counting);
      assertEquals("cpu", Models.diffusionSampler().name().substring(0, 3).toLowerCase());
    } finally {
      Models.useDiffusionSampler(before);
    }
  }
}
