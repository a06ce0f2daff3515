package dev.affinity.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.affinity.models.Interactions;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.DataOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric code against numbers worked out by hand (log2 3 = 1.58496, log2 5 = 2.32193, log2 6 = 2.58496). */
class MetricsTest {

  private static final double EPS = 1e-4;

  @Test
  void perUserMetricsByHand() {
    int[] ranked = {3, 7, 1, 9, 4};
    int[] relevant = {7, 4, 8};
    // @5: hits at ranks 1 and 4 → recall 2/3; DCG = 1/log2 3 + 1/log2 6 = 0.63093 + 0.38685 = 1.01778;
    // IDCG over min(5,3)=3 positions = 1 + 0.63093 + 0.5 = 2.13093; NDCG = 0.47762; precision 2/5.
    assertArrayEquals(new double[] {0.66667, 0.47762, 0.4}, Metrics.atK(ranked, relevant, 5), EPS);
    // @2: one hit at rank 1 → recall 1/3; NDCG = 0.63093 / (1 + 0.63093) = 0.38685; precision 1/2.
    assertArrayEquals(new double[] {0.33333, 0.38685, 0.5}, Metrics.atK(ranked, relevant, 2), EPS);
    // an item unknown to training (-1) can never be hit but counts in |relevant|
    assertArrayEquals(new double[] {0.5, 0.38685, 0.5}, Metrics.atK(ranked, new int[] {7, -1}, 2), EPS);
  }

  /** Two users, five items, fixed scores: user 0 prefers low indices, user 1 high ones. */
  private static Recommender fixed() {
    Interactions x = Interactions.build(new String[] {"u0", "u1"}, new String[] {"i0", "i1", "i2", "i3", "i4"},
        new int[] {0, 1}, new int[] {0, 4});
    return new Recommender() {
      @Override
      public String name() {
        return "fixed";
      }

      @Override
      public Interactions data() {
        return x;
      }

      @Override
      public void score(int u, float[] out) {
        for (int i = 0; i < 5; i++) {
          out[i] = u == 0 ? 5 - i : i + 1;
        }
      }

      @Override
      public void save(DataOutput out) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void evaluatorAveragesOverUsersAndMasksTraining() {
    Recommender m = fixed();
    Holdout h = new Holdout(new int[][] {{1, 4}, {0}}, 0);
    Report r = Evaluator.evaluate(m, h, List.of(), new Training(2, Training.Progress.NONE));
    // u0: train item 0 masked → ranking 1,2,3,4; hits at ranks 0 and 3 → recall 1,
    //     NDCG = (1 + 1/log2 5) / (1 + 1/log2 3) = 1.43068 / 1.63093 = 0.87722.
    // u1: train item 4 masked → ranking 3,2,1,0; hit at rank 3 → recall 1, NDCG = 1/log2 5 = 0.43068.
    assertEquals(1.0, r.recall10(), EPS);
    assertEquals(1.0, r.recall20(), EPS);
    assertEquals((0.87722 + 0.43068) / 2, r.ndcg10(), EPS);
    assertEquals((2 / 20.0 + 1 / 20.0) / 2, r.precision20(), EPS);
    assertEquals(1.0, r.coverage20(), EPS); // u0 covers 1-4, u1 covers 0
    // every item's popularity share is 1/2 (zero counts clamped to one user) → −log2(1/2) = 1
    assertEquals(1.0, r.novelty20(), EPS);
    assertEquals(2, r.users());
    assertEquals(2, r.usersWithItems());
  }

  @Test
  void testSplitAlsoMasksValidation() {
    Holdout valid = new Holdout(new int[][] {{1}, {}}, 0);
    Holdout test = new Holdout(new int[][] {{4}, {}}, 0);
    Report r = Evaluator.evaluate(fixed(), test, List.of(valid), new Training(1, Training.Progress.NONE));
    // u0: items 0 (train) and 1 (valid) masked → ranking 2,3,4; hit at rank 2 → NDCG = 1/log2 4 = 0.5.
    // u1 has no test item: it counts as zero, as in DiffRec's computeTopNAccuracy → (0.5 + 0) / 2.
    assertEquals(0.25, r.ndcg10(), EPS);
    assertEquals(0.5, r.recall10(), EPS);
    assertEquals(2, r.users());
    assertEquals(1, r.usersWithItems());
  }
}
