package dev.affinity.models.diffrec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.affinity.gpu.diffusion.CpuDiffusionSampler;
import dev.affinity.gpu.diffusion.DiffusionSampler;
import dev.affinity.gpu.diffusion.NoiseSchedule;
import dev.affinity.models.Interactions;
import dev.affinity.models.PlantedData;
import dev.affinity.models.Training;
import dev.affinity.models.nn.Batches;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The network DiffRec trains and the gpu-kernels sampler that serves it must compute the same
 * function, for one hidden layer and for the reference's deeper {@code dims}: a single denoising step, and the whole noise-free reverse process, agree within 1e-5.
 */
class DenoiserMatchesSamplerTest {

  private static final Interactions X = PlantedData.standard().train();

  @ParameterizedTest
  @ValueSource(strings = {"48", "24,40"})
  void oneStepOfTheSamplerIsTheNetworksPrediction(String dims) {
    DenoiserNet net = DenoiserNet.initial(X.numItems(), 10, parse(dims), new SplittableRandom(3));
    int[] users = {0, 5, 99, 250, 599};
    float[] x = rows(users);
    // T = 1: coef1(0) = 1, coef2(0) = 0, so the sampler returns x̂₀(x, t = 0)
    NoiseSchedule one = NoiseSchedule.linearVariance(1, 0.01, 5e-4, 5e-3);
    float[] expected = new float[x.length];
    net.predict(x, users.length, new int[users.length], expected);
    try (DiffusionSampler.Denoiser d = new CpuDiffusionSampler().load(net.weights())) {
      assertClose(expected, d.sample(x, users.length, one, 0, 1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"32", "16,32"})
  void theReverseProcessMatchesTheNetworkStepByStep(String dims) {
    DiffRecModel model = (DiffRecModel) new DiffRec().fit(X, new DiffRec().options(Map.of("dims", dims,
        "epochs", "2", "steps", "6", "noiseScale", "0.01", "batch", "200")), new Training(2, null));
    DenoiserNet net = model.net();
    NoiseSchedule schedule = model.schedule();
    int[] users = {1, 2, 3, 400};
    int n = X.numItems();
    float[] xt = rows(users);
    float[] x0 = new float[xt.length];
    int[] t = new int[users.length];
    for (int step = schedule.steps() - 1; step >= 0; step--) {
      java.util.Arrays.fill(t, step);
      net.predict(xt, users.length, t, x0);
      for (int k = 0; k < xt.length; k++) {
        xt[k] = schedule.coef1(step) * x0[k] + schedule.coef2(step) * xt[k];
      }
    }
    float[] scored = new float[users.length * n];
    model.scoreBatch(users, scored);
    assertClose(xt, scored);
  }

  private static java.util.List<Integer> parse(String dims) {
    return java.util.Arrays.stream(dims.split(",")).map(Integer::valueOf).toList();
  }

  private static float[] rows(int[] users) {
    float[] x = new float[users.length * X.numItems()];
    Batches.dense(X, users, 0, users.length, x);
    return x;
  }

  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], 1e-5, "value " + k);
    }
  }
}
