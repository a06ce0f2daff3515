package dev.affinity.models.hybrid;

import dev.affinity.models.Interactions;
import dev.affinity.models.ItemFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generated data where two kinds of model each know part of the answer: users stick to one topic
 * and, within it, prefer its popular items. Interactions are too sparse for co-occurrence alone to
 * tell the topics apart well, while item text names the topic (amid filler words shared by all)
 * but says nothing about popularity.
 *
 * @param train training interactions, carrying every item's description
 * @param testUsers held-out pairs: users
 * @param testItems held-out pairs: items
 */
record SparseTopicData(Interactions train, List<String> testUsers, List<String> testItems) {

  static SparseTopicData generate(int topics, int itemsPerTopic, int users, int perUser, long seed) {
    Random rnd = new Random(seed);
    Map<String, ItemFeatures.Item> described = new LinkedHashMap<>();
    for (int t = 0; t < topics; t++) {
      for (int k = 0; k < itemsPerTopic; k++) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 3; w++) {
          text.append("topic").append(t).append("word").append(rnd.nextInt(6)).append(' ');
          text.append("filler").append(rnd.nextInt(30)).append(' ');
        }
        described.put(item(t, k), new ItemFeatures.Item(text.toString(), List.of()));
      }
    }
    List<String> tu = new ArrayList<>();
    List<String> ti = new ArrayList<>();
    List<String> hu = new ArrayList<>();
    List<String> hi = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int t = u % topics;
      Set<String> chosen = new LinkedHashSet<>();
      while (chosen.size() < perUser) {
        chosen.add(item(t, (int) (itemsPerTopic * Math.pow(rnd.nextDouble(), 2)))); // popular items first
      }
      chosen.add(item(rnd.nextInt(topics), rnd.nextInt(itemsPerTopic)));
      for (String i : chosen) {
        boolean test = rnd.nextDouble() < 0.25;
        (test ? hu : tu).add("u" + u);
        (test ? hi : ti).add(i);
      }
    }
    return new SparseTopicData(Interactions.fromPairs(tu, ti).withItemFeatures(new ItemFeatures(described)), hu, hi);
  }

  private static String item(int topic, int k) {
    return "t" + topic + "-" + k;
  }
}
