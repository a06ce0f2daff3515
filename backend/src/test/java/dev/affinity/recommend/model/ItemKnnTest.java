package dev.affinity.recommend.model;

import dev.affinity.models.Interactions;
import dev.affinity.models.InteractionsBuilder;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.recommend.ModelKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemKnnTest {
  private static final List<PlantedData.Event> EVENTS = PlantedData.events(40, 30, 12, 42);
  private static final Interactions X = PlantedData.matrix(EVENTS);
  private static final TrainedModel KNN = PlantedData.fit(ModelKind.ITEM_KNN, X, Map.of());

  @Test
  void neighboursStayWithinThePlantedGroupAndAreSortedAndShrunk() {
    assertEquals(ModelKind.ITEM_KNN, KNN.kind());
    assertEquals(60, KNN.items());
    for (int i = 0; i < KNN.items(); i++) {
      char group = KNN.itemId(i).charAt(0);
      assertTrue(KNN.neighbourCount(i) > 0, "every item co-occurs with others in its group");
      assertTrue(KNN.neighbourCount(i) <= 50);
      for (int k = 0; k < KNN.neighbourCount(i); k++) {
        int b = KNN.neighbour(i, k);
        assertEquals(group, KNN.itemId(b).charAt(0), KNN.itemId(i) + " has neighbour " + KNN.itemId(b));
        assertTrue(b != i, "an item is not its own neighbour");
        float s = KNN.similarity(i, k);
        assertTrue(s > 0 && s < 1, "shrunk cosine is in (0, 1): " + s);
        if (k > 0) {
          assertTrue(KNN.similarity(i, k - 1) >= s, "neighbours are best first");
        }
      }
    }
  }

  @Test
  void keepsOnlyTheTopNeighboursWhenAskedForFewer() {
    TrainedModel three = PlantedData.fit(ModelKind.ITEM_KNN, X, Map.of("k", "3"));
    for (int i = 0; i < three.items(); i++) {
      assertEquals(Math.min(3, KNN.neighbourCount(i)), three.neighbourCount(i));
      for (int k = 0; k < three.neighbourCount(i); k++) {
        assertEquals(KNN.neighbour(i, k), three.neighbour(i, k), "the top 3 are the first 3 of the top 50");
      }
    }
  }

  @Test
  void similarityIsShrunkCosineOfTheWeightColumns() {
    // two items, two users: a = (1, 2), b = (3, 0) → dot 3, |a| = √5, |b| = 3
    Interactions x = new InteractionsBuilder().add("u1", "a", 1).add("u2", "a", 2).add("u1", "b", 3).build();
    TrainedModel m = PlantedData.fit(ModelKind.ITEM_KNN, x, Map.of("shrink", "10", "k", "50"));
    assertEquals(1, m.neighbourCount(0));
    assertEquals(3 / (Math.sqrt(5) * 3 + 10), m.similarity(0, 0), 1e-6);
    assertEquals(m.similarity(0, 0), m.similarity(1, 0), 0, "cosine is symmetric");
  }

  @Test
  void recommendsUnseenItemsOfTheUsersOwnGroup() {
    for (String user : new String[] {"ua000", "ua017", "ub005", "ub039"}) {
      int u = X.userIndex(user);
      int[] history = X.row(u);
      Set<Integer> seen = new HashSet<>();
      Arrays.stream(history).forEach(seen::add);
      TopK.Ranked top = Scoring.knn(KNN, history, PlantedData.weights(X, u), seen::contains, 10);
      assertEquals(10, top.size(), "30 items per group leave plenty of unseen candidates");
      for (int r = 0; r < top.size(); r++) {
        String id = KNN.itemId(top.items()[r]);
        assertEquals(user.charAt(1), id.charAt(0), user + " got " + id);
        assertFalse(seen.contains(top.items()[r]), "seen items are skipped");
        if (r > 0) {
          assertTrue(top.scores()[r - 1] >= top.scores()[r]);
        }
      }
    }
  }

  @Test
  void trainingIsDeterministic() {
    assertEquals(KNN, PlantedData.fit(ModelKind.ITEM_KNN, PlantedData.matrix(PlantedData.events(40, 30, 12, 42)), Map.of()));
  }
}
