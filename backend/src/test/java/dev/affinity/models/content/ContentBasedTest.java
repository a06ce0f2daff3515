package dev.affinity.models.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.models.Interactions;
import dev.affinity.models.ItemFeatures;
import dev.affinity.models.Models;
import dev.affinity.models.PlantedData;
import dev.affinity.models.Recommender;
import dev.affinity.models.TopK;
import dev.affinity.models.Training;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Content-based recovers planted topics from item text alone, cold items included. */
class ContentBasedTest {

  private static final Training TRAINING = new Training(2, Training.Progress.NONE);
  private static TopicCatalogue catalogue;
  private static Recommender model;

  @BeforeAll
  static void fit() {
    catalogue = TopicCatalogue.generate(11);
    model = Models.algorithm(ContentBased.NAME).fit(catalogue.data(), Map.of(), TRAINING);
  }

  @Test
  void recommendsItemsOfTheUsersTopic() {
    Interactions x = catalogue.data();
    int same = 0;
    int all = 0;
    for (int u = 0; u < x.numUsers(); u++) {
      for (int i : model.recommend(u, 10)) {
        all++;
        if (TopicCatalogue.topicOf(x.itemId(i)) == catalogue.topicOfUser(u)) {
          same++;
        }
      }
    }
    assertTrue(same >= 0.95 * all, same + " of " + all + " recommendations share the user's topic");
  }

  @Test
  void coldItemsGetAColumnAndReachTheirTopicsUsers() {
    Interactions x = catalogue.data();
    int[] cold = new int[catalogue.topics()];
    for (int t = 0; t < cold.length; t++) {
      cold[t] = x.itemIndex(TopicCatalogue.cold(t));
      assertTrue(cold[t] >= 0, "cold item " + t + " has no column");
      assertEquals(0, x.itemCounts()[cold[t]]);
    }
    int inTop5 = 0;
    float[] s = new float[x.numItems()];
    for (int u = 0; u < x.numUsers(); u++) {
      int topic = catalogue.topicOfUser(u);
      model.score(u, s);
      for (int t = 0; t < cold.length; t++) {
        if (t != topic) {
          assertTrue(s[cold[topic]] > s[cold[t]], "user " + u + ": cold item of another topic ranks higher");
        }
      }
      for (int i : model.recommend(u, 5)) {
        inTop5 += i == cold[topic] ? 1 : 0;
      }
    }
    assertTrue(inTop5 >= 0.9 * x.numUsers(), "own topic's cold item in the top 5 of only " + inTop5 + " users");
  }

  @Test
  void itemVectorsAreExplainedByTheirTopicWords() {
    Interactions x = catalogue.data();
    List<String> top = ((ContentModel) model).topTerms(x.itemIndex(TopicCatalogue.cold(1)), 3);
    assertEquals(3, top.size());
    for (String term : top) {
      assertTrue(term.equals("category:topic 1") || List.of(TopicCatalogue.TOPIC_WORDS[1]).contains(term), term);
    }
  }

  @Test
  void saveLoadGivesIdenticalScores() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Models.save(model, new DataOutputStream(bytes));
    Recommender back = Models.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(ContentBased.NAME, back.name());
    int n = catalogue.data().numItems();
    float[] a = new float[n];
    float[] b = new float[n];
    for (int u = 0; u < catalogue.data().numUsers(); u += 7) {
      model.score(u, a);
      back.score(u, b);
      assertArrayEquals(a, b, "user " + u);
    }
    assertEquals(catalogue.data().itemId(n - 1), back.data().itemId(n - 1));
  }

  @Test
  void scoresAreCosinesAndUndescribedItemsScoreZero() {
    Map<String, ItemFeatures.Item> d = Map.of(
        "a", new ItemFeatures.Item("red apple", List.of()),
        "b", new ItemFeatures.Item("red cherry", List.of()),
        "c", new ItemFeatures.Item("green apple", List.of()));
    Interactions x = Interactions.fromPairs(List.of("u", "u", "v"), List.of("a", "z", "c"))
        .withItemFeatures(new ItemFeatures(new java.util.TreeMap<>(d)));
    Recommender m = new ContentBased().fit(x, new ContentBased.Options(1, 1, 1, 2), TRAINING);
    float[] s = new float[x.numItems()];
    m.score(x.userIndex("u"), s);
    assertEquals(1f, s[x.itemIndex("a")], 1e-6f); // its own item: cosine 1
    assertEquals(0f, s[x.itemIndex("z")]); // no description
    assertTrue(s[x.itemIndex("b")] > 0 && s[x.itemIndex("b")] < 1);
    int[] top = TopK.select(s, 0, s.length, 4);
    assertEquals(x.itemIndex("a"), top[0]);
  }

  @Test
  void withoutItemFeaturesFailsWithAClearMessage() {
    Interactions plain = PlantedData.standard().train();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm(ContentBased.NAME).fit(plain, Map.of(), TRAINING));
    assertTrue(e.getMessage().contains("no item text or categories") && e.getMessage().contains("--items"),
        e.getMessage());
  }

  @Test
  void rejectsUnknownAndBadParameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm(ContentBased.NAME).options(Map.of("minDF", "2")));
    assertTrue(e.getMessage().startsWith("content: unknown parameter 'minDF'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm(ContentBased.NAME).options(Map.of("maxDf", "0")));
    assertTrue(e.getMessage().contains("maxDf must be in (0, 1]"), e.getMessage());
  }
}
