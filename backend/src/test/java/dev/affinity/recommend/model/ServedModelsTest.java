package dev.affinity.recommend.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.models.Interactions;
import dev.affinity.models.ItemFeatures;
import dev.affinity.recommend.ModelKind;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every library model the service serves (content-based and hybrid included) ranks a user's own planted
 * group first, through serving's scoring of a history folded in.
 */
class ServedModelsTest {
  /** The planted groups, each item described by its group's words (what content-based models read). */
  private static final Interactions X = described(PlantedData.matrix(PlantedData.events(40, 30, 12, 5)));

  /** Small-data settings for the neural models (their defaults are sized for MovieLens), as NeuralModelsTest. */
  private static Map<String, String> params(ModelKind kind) {
    return switch (kind.wireName()) {
      case "multvae" -> Map.of("hidden", "64", "latent", "16", "epochs", "40", "batch", "100", "annealSteps", "200");
      case "diffrec" -> Map.of("hidden", "64", "epochs", "40", "batch", "100", "steps", "5", "noiseScale", "0.01");
      case "cfgan" -> Map.of("hidden", "64", "hiddenD", "32", "epochs", "40", "batch", "50", "lr", "0.003",
          "alpha", "0.3");
      default -> Map.of();
    };
  }

  private static Interactions described(Interactions x) {
    Map<String, ItemFeatures.Item> items = new LinkedHashMap<>();
    for (int i = 0; i < x.numItems(); i++) {
      String id = x.itemId(i);
      boolean a = id.startsWith("a");
      items.put(id, new ItemFeatures.Item(a ? "alpine meadow hiking" : "ocean surf beach",
          List.of(a ? "mountains" : "sea")));
    }
    return x.withItemFeatures(new ItemFeatures(items));
  }

  @Test
  void everyServableModelRecommendsUnseenItemsOfTheUsersOwnGroup() {
    for (ModelKind kind : ModelKind.values()) {
      if (kind.isPopularity()) {
        continue;
      }
      TrainedModel m = PlantedData.fit(kind, X, params(kind));
      // classical models keep every pick in the group; the small neural nets must keep nearly all
      int inGroup = 0;
      int picks = 0;
      for (String user : new String[] {"ua001", "ua013", "ub020", "ub031"}) {
        int u = X.userIndex(user);
        int[] history = X.row(u);
        Set<Integer> seen = new HashSet<>();
        for (int i : history) {
          seen.add(i);
        }
        TopK.Ranked top = Scoring.personal(m, history, PlantedData.weights(X, u), seen::contains, 5);
        assertEquals(5, top.size(), kind + " fills the list");
        for (int r = 0; r < top.size(); r++) {
          String id = m.itemId(top.items()[r]);
          inGroup += user.charAt(1) == id.charAt(0) ? 1 : 0;
          picks++;
          assertFalse(seen.contains(top.items()[r]), kind.wireName() + " recommended a seen item");
        }
      }
      boolean neural = Set.of("multvae", "diffrec", "cfgan").contains(kind.wireName());
      assertTrue(inGroup >= (neural ? picks * 0.8 : picks), kind.wireName() + ": " + inGroup + " of " + picks
          + " picks in the user's own group");
    }
  }

  @Test
  void foldingATrainingRowInScoresItAsTraining() {
    // exact for models whose user representation is a function of the row; iALS solves the user's factors
    // afresh (training's are a few CG steps behind), and a hybrid with iALS inherits that
    for (ModelKind kind : ModelKind.values()) {
      if (kind.isPopularity() || kind.wireName().equals("ials") || kind.wireName().equals("hybrid")) {
        continue;
      }
      TrainedModel m = PlantedData.fit(kind, X, params(kind));
      if (!m.dense()) {
        continue;
      }
      int u = X.userIndex("ub007");
      float[] trained = new float[m.items()];
      float[] folded = new float[m.items()];
      m.scorer().score(u, trained);
      // the history as serving passes it: oldest first
      int[] order = X.chronological(u);
      int[] history = new int[order.length];
      float[] weights = new float[order.length];
      for (int h = 0; h < order.length; h++) {
        history[h] = X.cols()[order[h]];
        weights[h] = X.values()[order[h]];
      }
      m.scorer().scoreHistory(history, weights, folded);
      for (int i = 0; i < trained.length; i++) {
        assertEquals(trained[i], folded[i], 1e-4 * Math.max(1, Math.abs(trained[i])), kind.wireName() + " item " + i);
      }
    }
  }

  @Test
  void itemItemModelsServeNeighboursAndTheRestFoldIn() {
    assertFalse(PlantedData.fit(ModelKind.ITEM_KNN, X, Map.of()).dense());
    TrainedModel rp3 = PlantedData.fit(ModelKind.fromWire("rp3beta").orElseThrow(), X, Map.of());
    assertFalse(rp3.dense());
    assertTrue(rp3.neighbourEntries() > 0, "rp3beta's graph becomes neighbour lists");
    assertTrue(PlantedData.fit(ModelKind.fromWire("ease").orElseThrow(), X, Map.of()).dense());
    TrainedModel pop = PlantedData.fit(ModelKind.POPULARITY, X, Map.of());
    assertFalse(pop.dense());
    assertEquals(0, pop.neighbourEntries());
  }

  @Test
  void emptyHistoriesHaveNoPersonalCandidates() {
    TrainedModel ease = PlantedData.fit(ModelKind.fromWire("ease").orElseThrow(), X, Map.of());
    assertEquals(0, Scoring.personal(ease, new int[0], new float[0], i -> false, 10).size());
  }
}
