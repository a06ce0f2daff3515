package dev.affinity.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.eval.Evaluator;
import dev.affinity.eval.Holdout;
import dev.affinity.eval.Report;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every personalised model must recover the planted group structure far better than popularity. */
class ModelsTest {

  private static final Training TRAINING = new Training(2, Training.Progress.NONE);
  private static Interactions train;
  private static Holdout test;
  private static Report popularity;

  @BeforeAll
  static void data() {
    PlantedData d = PlantedData.standard();
    train = d.train();
    test = Holdout.of(train, d.testUsers(), d.testItems());
    popularity = Evaluator.evaluate(Models.algorithm("popularity").fit(train, Map.of(), TRAINING), test,
        List.of(), TRAINING);
  }

  static Stream<Arguments> personalised() {
    return Stream.of(
        Arguments.of("itemknn", Map.of("k", "50", "shrink", "5")),
        Arguments.of("rp3beta", Map.of("alpha", "1.0", "beta", "0.3", "k", "100")),
        Arguments.of("ease", Map.of("lambda", "50")),
        Arguments.of("ease", Map.of("lambda", "20", "dropout", "0.25")),
        Arguments.of("slist", Map.of("lambda", "20", "dropout", "0.25", "transitionLambda", "10")),
        Arguments.of("ials", Map.of("factors", "16", "lambda", "5", "alpha", "5", "iterations", "8")),
        Arguments.of("ials", Map.of("factors", "16", "lambda", "5", "alpha", "5", "iterations", "8", "nu", "1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("personalised")
  void recoversPlantedStructureWellAbovePopularity(String name, Map<String, String> params) {
    Recommender m = Models.algorithm(name).fit(train, params, TRAINING);
    Report r = Evaluator.evaluate(m, test, List.of(), TRAINING);
    assertTrue(r.recall10() >= 2 * popularity.recall10(),
        name + " recall@10 " + r.recall10() + " vs popularity " + popularity.recall10());
    assertTrue(r.ndcg10() >= 2 * popularity.ndcg10(),
        name + " ndcg@10 " + r.ndcg10() + " vs popularity " + popularity.ndcg10());
  }

  static Stream<Arguments> all() {
    return Stream.concat(Stream.of(Arguments.of("popularity", Map.of())), personalised());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void saveLoadGivesIdenticalScoresAndBatchMatchesSingle(String name, Map<String, String> params)
      throws Exception {
    Recommender m = Models.algorithm(name).fit(train, params, TRAINING);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Models.save(m, new DataOutputStream(bytes));
    Recommender back = Models.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(name, back.name());
    int n = train.numItems();
    int[] users = {0, 1, 17, 333, train.numUsers() - 1};
    float[] batch = new float[users.length * n];
    back.scoreBatch(users, batch);
    for (int b = 0; b < users.length; b++) {
      float[] a = new float[n];
      float[] c = new float[n];
      m.score(users[b], a);
      back.score(users[b], c);
      assertArrayEquals(a, c, name + " user " + users[b]);
      assertArrayEquals(a, java.util.Arrays.copyOfRange(batch, b * n, (b + 1) * n));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void recommendExcludesTrainingItems(String name, Map<String, String> params) {
    Recommender m = Models.algorithm(name).fit(train, params, TRAINING);
    for (int u = 0; u < 20; u++) {
      int[] top = m.recommend(u, 10);
      assertEquals(10, top.length);
      for (int i : top) {
        assertFalse(java.util.Arrays.binarySearch(train.row(u), i) >= 0, name + " recommended a seen item");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void sameDataAndSeedGiveTheSameModel(String name, Map<String, String> params) {
    Recommender a = Models.algorithm(name).fit(train, params, TRAINING);
    Recommender b = Models.algorithm(name).fit(train, params, TRAINING);
    float[] sa = new float[train.numItems()];
    float[] sb = new float[train.numItems()];
    for (int u = 0; u < train.numUsers(); u += 37) {
      a.score(u, sa);
      b.score(u, sb);
      assertArrayEquals(sa, sb, name + " user " + u);
    }
  }

  @Test
  void unknownModelNamesTheKnownOnes() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm("svd"));
    assertTrue(e.getMessage().contains("ease"), e.getMessage());
  }
}
