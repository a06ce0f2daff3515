package dev.affinity.recommend.model;

import dev.affinity.models.Interactions;
import dev.affinity.models.InteractionsBuilder;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.affinity.recommend.EventWeights;
import dev.affinity.recommend.ModelKind;
import org.junit.jupiter.api.Test;

class PopularityTest {
  @Test
  void ranksByDistinctPositiveUsersWithTiesById() {
    Interactions x = new InteractionsBuilder()
        .add("u1", "c", 1).add("u2", "c", 1).add("u3", "c", 5).add("u3", "c", 5) // c: 3 users (repeats count once)
        .add("u1", "b", 2).add("u2", "b", 1)                                      // b: 2 users
        .add("u1", "a", 1).add("u2", "a", 3)                                      // a: 2 users, ties with b → a first
        .add("u1", "d", 1).add("u1", "d", EventWeights.weight("dislike", null))   // d: view + dislike ≤ 0 → dropped
        .add("u4", "e", 1).add("u5", "e", EventWeights.weight("rating", 1.0))     // e: 1 user (rating 1 weighs 0)
        .build();
    TrainedModel m = PlantedData.fit(ModelKind.POPULARITY, x, Map.of());
    assertEquals(ModelKind.POPULARITY, m.kind());
    assertEquals(4, m.items(), "d has no positive pair and is not part of the model");
    String[] order = new String[m.rankedItems()];
    for (int r = 0; r < order.length; r++) {
      order[r] = m.itemId(m.popularAt(r));
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(new String[] {"c", "a", "b", "e"}, order);
    assertEquals(3, m.popularity(m.indexOf("c")));
    assertEquals(-1, m.indexOf("d"));
    assertEquals(0, m.neighbourEntries());
    TopK.Ranked top = Scoring.popular(m, i -> m.itemId(i).equals("a"), 2);
    assertEquals("c", m.itemId(top.items()[0]));
    assertEquals("b", m.itemId(top.items()[1]));
    assertEquals(3f, top.scores()[0]);
  }

  @Test
  void eventWeightsFollowTheDocumentedTable() {
    assertEquals(5, EventWeights.weight("purchase", null));
    assertEquals(3, EventWeights.weight("cart", null));
    assertEquals(3, EventWeights.weight("like", null));
    assertEquals(2, EventWeights.weight("click", null));
    assertEquals(1, EventWeights.weight("view", null));
    assertEquals(-3, EventWeights.weight("dislike", null));
    assertEquals(2.5, EventWeights.weight("rating", 5.0));
    assertEquals(2.5, EventWeights.weight("rating", 10.0));
    assertEquals(0.5, EventWeights.weight("rating", 3.0));
    assertEquals(0, EventWeights.weight("rating", 1.0));
    assertEquals(0, EventWeights.weight("rating", null));
  }

  @Test
  void interactionsSumRepeatsAndDropNonPositivePairs() {
    Interactions x = new InteractionsBuilder()
        .add("u2", "i1", 1).add("u1", "i2", 2).add("u1", "i2", 3).add("u1", "i1", -1).add("u3", "i3", -3).build();
    assertEquals(2, x.numUsers(), "u3 has nothing positive");
    assertEquals(2, x.numItems());
    assertEquals(2, x.nnz());
    int u1 = x.userIndex("u1");
    assertEquals(1, x.row(u1).length);
    assertEquals("i2", x.itemId(x.row(u1)[0]));
    assertEquals(5f, PlantedData.weights(x, u1)[0]);
  }
}
