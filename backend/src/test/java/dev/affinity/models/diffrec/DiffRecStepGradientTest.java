package dev.affinity.models.diffrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.gpu.diffusion.NoiseSchedule;
import dev.affinity.models.Interactions;
import dev.affinity.models.nn.Dense;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A training step's gradients through a deep denoiser (the reference's {@code dims=[5,3]}: four
 * layers) and its time embedding against central finite differences of the step's own loss. The
 * step draws its time steps and noise from the generator it is given, so a fixed seed makes the
 * loss a deterministic function of the weights.
 */
class DiffRecStepGradientTest {

  private static final int ITEMS = 12;
  private static final int USERS = 8;

  @Test
  void deepDenoiserGradientsMatchFiniteDifferences() {
    Interactions x = data();
    DenoiserNet net = DenoiserNet.initial(ITEMS, 4, List.of(5, 3), new SplittableRandom(5));
    assertEquals(List.of(16, 3, 5, 3, 12), DenoiserNet.widths(ITEMS, 4, List.of(5, 3)));
    assertEquals(4, net.layers.size());
    NoiseSchedule schedule = NoiseSchedule.linearVariance(4, 0.1, 5e-4, 5e-2);
    int[] users = new int[USERS];
    for (int u = 0; u < USERS; u++) {
      users[u] = u;
    }
    DiffRecStep step = new DiffRecStep(net, schedule, 4, false, false, USERS, 1);
    net.zeroGrad();
    step.run(x, users, 0, USERS, 0.0, new SplittableRandom(9));
    List<Dense> checked = new ArrayList<>(net.layers);
    checked.add(net.emb);
    // every run accumulates gradients: take them all before the finite differences run
    List<float[]> analytic = checked.stream().map(d -> d.gradWeight().clone()).toList();
    int compared = 0;
    for (int l = 0; l < checked.size(); l++) {
      Dense d = checked.get(l);
      float[] w = d.weight();
      float[] g = analytic.get(l);
      for (int k = 0; k < w.length; k++) {
        float keep = w[k];
        double h = 1e-2;
        w[k] = (float) (keep + h);
        double up = loss(step, x, users);
        w[k] = (float) (keep - h);
        double down = loss(step, x, users);
        w[k] = keep;
        double numeric = (up - down) / (2 * h);
        assertEquals(numeric, g[k], 1e-2 * Math.abs(numeric) + 1e-5,
            "layer " + d.in() + "->" + d.out() + " weight " + k);
        compared++;
      }
    }
    assertEquals(130, compared, "compared " + compared + " weights");
  }

  private static double loss(DiffRecStep step, Interactions x, int[] users) {
    return step.run(x, users, 0, USERS, 0.0, new SplittableRandom(9));
  }

  private static Interactions data() {
    List<String> u = new ArrayList<>();
    List<String> i = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(2);
    for (int user = 0; user < USERS; user++) {
      for (int item = 0; item < ITEMS; item++) {
        if (item == user || rnd.nextDouble() < 0.3) {
          u.add("u" + user);
          i.add("i" + item);
        }
      }
    }
    for (int item = 0; item < ITEMS; item++) { // every item known
      u.add("u0");
      i.add("i" + item);
    }
    return Interactions.fromPairs(u, i);
  }
}
