package dev.affinity.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.eval.Evaluator;
import dev.affinity.eval.Holdout;
import dev.affinity.eval.Report;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The neural recommenders on planted data: they must recover the group structure far better than
 * popularity, save and load losslessly, report progress per epoch and repeat themselves for a
 * fixed seed. Small networks and few epochs keep each fit well under a second.
 */
class NeuralModelsTest {

  private static final Training TRAINING = new Training(2, Training.Progress.NONE);
  private static Interactions train;
  private static Holdout test;
  private static Report popularity;
  /** One fit per model, shared by the tests that only read it (fits dominate the run time). */
  private static final Map<String, Recommender> FITTED = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void data() {
    PlantedData d = PlantedData.standard();
    train = d.train();
    test = Holdout.of(train, d.testUsers(), d.testItems());
    popularity = Evaluator.evaluate(Models.algorithm("popularity").fit(train, Map.of(), TRAINING), test,
        List.of(), TRAINING);
  }

  static Stream<Arguments> neural() {
    return Stream.of(
        Arguments.of("multvae", Map.of("hidden", "64", "latent", "16", "epochs", "40", "batch", "100",
            "annealSteps", "200")),
        Arguments.of("diffrec", Map.of("hidden", "64", "epochs", "40", "batch", "100", "steps", "5",
            "noiseScale", "0.01")),
        Arguments.of("diffrec", Map.of("hidden", "64", "epochs", "40", "batch", "100", "steps", "5",
            "noiseScale", "0.01", "reweight", "1", "importance", "1")),
        Arguments.of("diffrec", Map.of("dims", "32,64", "epochs", "40", "batch", "100", "steps", "10",
            "noiseScale", "0.005", "noiseMin", "0.005", "noiseMax", "0.01", "reweight", "1", "importance", "1")),
        Arguments.of("cfgan", Map.of("hidden", "64", "hiddenD", "32", "epochs", "40", "batch", "50", "lr", "0.003",
            "alpha", "0.3")));
  }

  private static Recommender fitted(String name, Map<String, String> params) {
    return FITTED.computeIfAbsent(name + params, k -> Models.algorithm(name).fit(train, params, TRAINING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("neural")
  void recoversPlantedStructureWellAbovePopularity(String name, Map<String, String> params) {
    Recommender m = fitted(name, params);
    Report r = Evaluator.evaluate(m, test, List.of(), TRAINING);
    assertTrue(r.recall10() >= 2 * popularity.recall10(),
        name + " recall@10 " + r.recall10() + " vs popularity " + popularity.recall10());
    assertTrue(r.ndcg10() >= 2 * popularity.ndcg10(),
        name + " ndcg@10 " + r.ndcg10() + " vs popularity " + popularity.ndcg10());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("neural")
  void saveLoadGivesIdenticalScores(String name, Map<String, String> params) throws Exception {
    Recommender m = fitted(name, params);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Models.save(m, new DataOutputStream(bytes));
    Recommender back = Models.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(name, back.name());
    int n = train.numItems();
    int[] users = {0, 1, 17, 333, train.numUsers() - 1};
    float[] before = new float[users.length * n];
    float[] after = new float[users.length * n];
    m.scoreBatch(users, before);
    back.scoreBatch(users, after);
    assertArrayEquals(before, after, name);
    for (int b = 0; b < users.length; b++) {
      float[] single = new float[n];
      back.score(users[b], single);
      // one row and a batch may take different BLAS kernels: equal up to rounding
      assertArrayEquals(java.util.Arrays.copyOfRange(after, b * n, (b + 1) * n), single, 1e-5f,
          name + " user " + users[b]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("neural")
  void sameSeedGivesTheSameModelAndProgressIsPerEpoch(String name, Map<String, String> params) {
    List<Double> fractions = new ArrayList<>();
    Training withProgress = new Training(2, (stage, f) -> fractions.add(f));
    Recommender a = Models.algorithm(name).fit(train, params, withProgress);
    Recommender b = fitted(name, params);
    assertEquals(Integer.parseInt(params.get("epochs")), fractions.size());
    assertEquals(1.0, fractions.getLast());
    int[] users = {0, 37, 74, 111};
    float[] sa = new float[users.length * train.numItems()];
    float[] sb = new float[users.length * train.numItems()];
    a.scoreBatch(users, sa);
    b.scoreBatch(users, sb);
    assertArrayEquals(sa, sb, name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("neural")
  void recommendExcludesTrainingItems(String name, Map<String, String> params) {
    Recommender m = fitted(name, params);
    for (int u = 0; u < 20; u++) {
      for (int i : m.recommend(u, 10)) {
        assertFalse(java.util.Arrays.binarySearch(train.row(u), i) >= 0, name + " recommended a seen item");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      "multvae, hidden, 0, hidden must be in",
      "multvae, dropout, 1, dropout must be in [0, 1)",
      "multvae, betaCap, 2, betaCap must be in [0, 1]",
      "multvae, lr, 0, lr must be in (0, 1)",
      "multvae, epoch, 3, unknown parameter 'epoch'",
      "diffrec, steps, 0, steps must be in",
      "diffrec, noiseScale, -1, noiseScale must be in [0, 1]",
      "diffrec, noiseMin, 0, noiseMin and noiseMax",
      "diffrec, samplingSteps, 99, samplingSteps must be in [0, steps]",
      "diffrec, hidden, x, hidden must be an integer",
      "diffrec, dims, '200,x', dims must be comma-separated integers",
      "diffrec, dims, '200,0', every width in dims must be in [1, 8192]",
      "diffrec, noise, 3, unknown parameter 'noise'",
      "diffrec, reweight, 2, reweight must be 0 or 1",
      "cfgan, pm, 1.5, pm must be in [0, 1]",
      "cfgan, alpha, -1, alpha must be >= 0",
      "cfgan, hiddenD, 0, hiddenD must be in"})
  void rejectsBadOptions(String model, String key, String value, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm(model).options(Map.of(key, value)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().startsWith(model), e.getMessage());
  }

  @Test
  void diffrecTakesDimsOrHiddenNotBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm("diffrec").options(Map.of("dims", "200,600", "hidden", "100")));
    assertTrue(e.getMessage().contains("dims or hidden, not both"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Models.algorithm("diffrec").options(Map.of("dim", "3")));
    assertTrue(e.getMessage().contains("dims") && e.getMessage().contains("hidden"), e.getMessage());
  }

  @Test
  void tuningGridsAreValidOptions() {
    for (String name : List.of("multvae", "diffrec", "cfgan")) {
      for (Map<String, String> p : Models.algorithm(name).tuningGrid()) {
        Models.algorithm(name).options(p);
      }
    }
  }
}
