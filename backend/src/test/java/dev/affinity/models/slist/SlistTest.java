package dev.affinity.models.slist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.eval.Evaluator;
import dev.affinity.eval.Holdout;
import dev.affinity.eval.Report;
import dev.affinity.models.Interactions;
import dev.affinity.models.Models;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SLIST on timelines with planted order: items form a ring and every user walks along it from a
 * random start, one to three steps at a time, with occasional random detours. The held-out items are
 * the next ones of each walk. An order-blind model (EASE) spreads its scores over both ends of the
 * user's arc and the items skipped inside it; SLIST must look ahead of the most recent items.
 */
class SlistTest {
  private static final Training TRAINING = new Training(2, Training.Progress.NONE);
  private static final Map<String, String> SMALL = Map.of("lambda", "20", "dropout", "0.25",
      "transitionLambda", "10");
  private static Interactions train;
  private static Holdout test;

  @BeforeAll
  static void walks() {
    Random rnd = new Random(11);
    int items = 200;
    List<String> tu = new ArrayList<>();
    List<String> ti = new ArrayList<>();
    List<String> hu = new ArrayList<>();
    List<String> hi = new ArrayList<>();
    for (int u = 0; u < 600; u++) {
      Set<Integer> walk = new LinkedHashSet<>();
      int at = rnd.nextInt(items);
      while (walk.size() < 30) {
        walk.add(rnd.nextDouble() < 0.1 ? rnd.nextInt(items) : at);
        at = (at + 1 + (rnd.nextDouble() < 0.7 ? 0 : 1 + rnd.nextInt(2))) % items;
      }
      int k = 0;
      for (int i : walk) {
        boolean held = k++ >= 24;
        (held ? hu : tu).add("u" + u);
        (held ? hi : ti).add("i" + i);
      }
    }
    train = Interactions.fromPairs(tu, ti);
    test = Holdout.of(train, hu, hi);
  }

  @Test
  void followsTheOrderWhereAnOrderBlindModelCannot() {
    Report slist = Evaluator.evaluate(Models.algorithm("slist").fit(train, SMALL, TRAINING), test, List.of(), TRAINING);
    Report ease = Evaluator.evaluate(Models.algorithm("ease").fit(train, Map.of("lambda", "20"), TRAINING), test,
        List.of(), TRAINING);
    Report pop = Evaluator.evaluate(Models.algorithm("popularity").fit(train, Map.of(), TRAINING), test, List.of(),
        TRAINING);
    assertTrue(slist.recall10() >= 1.5 * ease.recall10(), "slist " + slist.recall10() + " vs ease " + ease.recall10());
    assertTrue(slist.ndcg10() >= 1.5 * ease.ndcg10(), "slist " + slist.ndcg10() + " vs ease " + ease.ndcg10());
    assertTrue(slist.recall10() >= 3 * pop.recall10(), "slist " + slist.recall10() + " vs popularity " + pop.recall10());
  }

  @Test
  void theMostRecentItemsDecide() {
    Recommender m = Models.algorithm("slist").fit(train, SMALL, TRAINING);
    int[] early = {index("i10"), index("i11"), index("i12")};
    int[] late = {index("i100"), index("i101"), index("i102")};
    float[] ones = {1f, 1f, 1f, 1f, 1f, 1f};
    float[] lateLast = new float[train.numItems()];
    float[] earlyLast = new float[train.numItems()];
    m.scoreHistory(concat(early, late), ones, lateLast);
    m.scoreHistory(concat(late, early), ones, earlyLast);
    int afterLate = index("i103");
    int afterEarly = index("i13");
    assertTrue(lateLast[afterLate] > lateLast[afterEarly], "after i100..i102, i103 must outrank i13");
    assertTrue(earlyLast[afterEarly] > earlyLast[afterLate], "after i10..i12, i13 must outrank i103");
  }

  private static int index(String item) {
    return train.itemIndex(item);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void saveLoadKeepsScoresAndOrder() throws Exception {
    Recommender m = Models.algorithm("slist").fit(train, SMALL, TRAINING);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Models.save(m, new DataOutputStream(bytes));
    Recommender back = Models.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    for (int u = 0; u < train.numUsers(); u += 37) {
      float[] x = new float[train.numItems()];
      float[] y = new float[train.numItems()];
      m.score(u, x);
      back.score(u, y);
      assertArrayEquals(x, y);
      assertArrayEquals(train.chronological(u), back.data().chronological(u));
    }
  }

  @Test
  void refusesDataWithoutOrderAndBadOptions() {
    Interactions unordered = Interactions.build(new String[] {"u"}, new String[] {"a", "b"}, new int[] {0, 0},
        new int[] {0, 1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm("slist").fit(unordered, Map.of(), TRAINING));
    assertTrue(e.getMessage().contains("order"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm("slist").options(Map.of("transitionWeight", "1.5")));
    assertTrue(e.getMessage().contains("transitionWeight"), e.getMessage());
    assertNotEquals(Models.algorithm("slist").options(Map.of()),
        Models.algorithm("slist").options(Map.of("horizon", "5")));
  }
}
