package dev.affinity.models.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.eval.Evaluator;
import dev.affinity.eval.Holdout;
import dev.affinity.eval.Report;
import dev.affinity.models.Interactions;
import dev.affinity.models.Models;
import dev.affinity.models.PlantedData;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The blend on planted data: never worse than its best part, lossless, strict about parameters. */
class HybridTest {

  private static final Training TRAINING = new Training(2, Training.Progress.NONE);
  private static final Map<String, String> BLEND = Map.of("models", "ease,rp3beta,itemknn",
      "ease.lambda", "50", "rp3beta.beta", "0.3", "rp3beta.k", "100", "itemknn.k", "50");
  private static Interactions train;
  private static Holdout test;
  private static Recommender hybrid;

  @BeforeAll
  static void fit() {
    PlantedData d = PlantedData.standard();
    train = d.train();
    test = Holdout.of(train, d.testUsers(), d.testItems());
    hybrid = Models.algorithm(Hybrid.NAME).fit(train, BLEND, TRAINING);
  }

  private static Report evaluate(Recommender m) {
    return Evaluator.evaluate(m, test, List.of(), TRAINING);
  }

  /** Recall@20 on {@code holdout} of {@code part} fitted alone with its namespaced parameters from {@code blend}. */
  private static double alone(String part, Map<String, String> blend, Interactions data, Holdout holdout) {
    Map<String, String> own = new java.util.HashMap<>();
    blend.forEach((k, v) -> {
      if (k.startsWith(part + ".")) {
        own.put(k.substring(part.length() + 1), v);
      }
    });
    Recommender m = Models.algorithm(part).fit(data, own, TRAINING);
    return Evaluator.evaluate(m, holdout, List.of(), TRAINING).recall20();
  }

  @Test
  void beatsEachPartWhenThePartsKnowDifferentThings() {
    SparseTopicData d = SparseTopicData.generate(8, 150, 500, 5, 5);
    Holdout holdout = Holdout.of(d.train(), d.testUsers(), d.testItems());
    Map<String, String> params = Map.of("models", "ease,content", "ease.lambda", "20");
    double blend = Evaluator.evaluate(Models.algorithm(Hybrid.NAME).fit(d.train(), params, TRAINING), holdout,
        List.of(), TRAINING).recall20();
    double ease = alone("ease", params, d.train(), holdout);
    double content = alone("content", params, d.train(), holdout);
    assertTrue(blend > Math.max(ease, content) + 0.03,
        "blend recall@20 " + blend + " vs ease " + ease + ", content " + content);
  }

  /**
   * New items are never among the targets of a plain split, so there the search undervalues content
   * and the blend falls behind content alone on data whose users go on to new items; with
   * {@code coldItems} the split has new items too and the blend beats both parts.
   */
  @Test
  void coldItemsInTheSplitTeachTheBlendToRankNewItems() {
    ColdStartData d = ColdStartData.generate(5);
    Holdout holdout = Holdout.of(d.train(), d.testUsers(), d.testItems());
    Map<String, String> plain = Map.of("models", "ease,content", "ease.lambda", "20");
    Map<String, String> cold = new java.util.HashMap<>(plain);
    cold.put("coldItems", "0.2");
    double withCold = Evaluator.evaluate(Models.algorithm(Hybrid.NAME).fit(d.train(), cold, TRAINING), holdout,
        List.of(), TRAINING).recall20();
    double withoutCold = Evaluator.evaluate(Models.algorithm(Hybrid.NAME).fit(d.train(), plain, TRAINING), holdout,
        List.of(), TRAINING).recall20();
    double ease = alone("ease", plain, d.train(), holdout);
    double content = alone("content", plain, d.train(), holdout);
    assertTrue(withCold > Math.max(ease, content) + 0.01,
        "blend recall@20 " + withCold + " vs ease " + ease + ", content " + content);
    assertTrue(withCold > withoutCold + 0.05, "with cold items " + withCold + ", without " + withoutCold);
  }

  /**
   * Where the parts agree (planted blocks), the weights fitted on the blend's own split can only
   * match the best part on unseen data, up to the sampling noise of either split.
   */
  @Test
  void matchesItsBestPartOnUnseenDataWhenThePartsAgree() {
    double blend = evaluate(hybrid).recall20();
    double best = 0;
    for (String part : List.of("ease", "rp3beta", "itemknn")) {
      best = Math.max(best, alone(part, BLEND, train, test));
    }
    assertTrue(blend >= best - 0.005, "blend recall@20 " + blend + " vs best part " + best);
  }

  @Test
  void weightSearchNeverEndsBelowTheBestSingleModelOnItsSplit() {
    Split split = Split.of(train, 0.2, 0, 1000, 3);
    List<Recommender> parts = List.of(Models.algorithm("ease").fit(split.fitting(), Map.of("lambda", "50"), TRAINING),
        Models.algorithm("popularity").fit(split.fitting(), Map.of(), TRAINING));
    WeightSearch.Result r = WeightSearch.prepare(parts, split, Normalisation.ZSCORE, false, TRAINING)
        .run(Training.Progress.NONE);
    assertTrue(r.objective() >= Math.max(r.single()[0], r.single()[1]), r.toString());
    assertTrue(r.single()[0] > r.single()[1], "ease should beat popularity on planted data");
    assertEquals(1.0, r.weights()[0] + r.weights()[1], 1e-9);
  }

  @Test
  void fixedWeightsSkipTheSearchAndAZeroWeightDropsTheModel() {
    Recommender blend = Models.algorithm(Hybrid.NAME).fit(train,
        Map.of("models", "ease,popularity", "ease.lambda", "50", "weights", "2,0"), TRAINING);
    Recommender ease = Models.algorithm("ease").fit(train, Map.of("lambda", "50"), TRAINING);
    assertEquals(List.of("ease"), ((HybridModel) blend).models());
    for (int u = 0; u < train.numUsers(); u += 13) {
      assertArrayEquals(ease.recommend(u, 20), blend.recommend(u, 20), "user " + u);
    }
  }

  @Test
  void saveLoadGivesIdenticalScoresAndBatchMatchesSingle() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Models.save(hybrid, new DataOutputStream(bytes));
    Recommender back = Models.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(Hybrid.NAME, back.name());
    assertEquals(((HybridModel) hybrid).models(), ((HybridModel) back).models());
    assertArrayEquals(((HybridModel) hybrid).weights(), ((HybridModel) back).weights());
    int n = train.numItems();
    int[] users = {0, 1, 17, 333, train.numUsers() - 1};
    float[] batch = new float[users.length * n];
    back.scoreBatch(users, batch);
    for (int b = 0; b < users.length; b++) {
      float[] a = new float[n];
      float[] c = new float[n];
      hybrid.score(users[b], a);
      back.score(users[b], c);
      assertArrayEquals(a, c, "user " + users[b]);
      assertArrayEquals(a, java.util.Arrays.copyOfRange(batch, b * n, (b + 1) * n));
    }
  }

  @Test
  void sameDataAndSeedGiveTheSameBlend() {
    Recommender again = Models.algorithm(Hybrid.NAME).fit(train, BLEND, TRAINING);
    assertArrayEquals(((HybridModel) hybrid).weights(), ((HybridModel) again).weights());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "models=ease,rp3beta;modles=ease | hybrid: unknown parameter 'modles'",
      "models=ease,rp3beta;ease.lamda=3 | hybrid: ease: unknown parameter 'lamda'",
      "models=ease,rp3beta;itemknn.k=3 | not in models=ease,rp3beta",
      "models=ease,svd | hybrid: unknown model 'svd'",
      "models=ease | at least two models",
      "models=ease,ease | must not repeat",
      "models=ease,hybrid | cannot blend hybrids",
      "models=ease,rp3beta;weights=1 | one value per model",
      "models=ease,rp3beta;weights=0,0 | not all 0",
      "models=ease,rp3beta;normalise=minmax | normalise must be zscore or rank",
      "models=ease,rp3beta;holdout=0.9 | holdout must be in (0, 0.5]",
      "models=ease,rp3beta;coldItems=-1 | coldItems must be in [0, 0.5]",
      "models=ease,rp3beta;metric=mrr | metric must be recall@20 or ndcg@20"})
  void rejectsUnknownAndBadParameters(String params, String message) {
    Map<String, String> p = new java.util.HashMap<>();
    for (String kv : params.split(";")) {
      p.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm(Hybrid.NAME).options(p));
    assertTrue(e.getMessage().startsWith("hybrid: ") && e.getMessage().contains(message), e.getMessage());
  }
}
