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
 * Generated data for cold start: users stick to one topic and mostly to one flavour of it, and
 * prefer popular items (which interactions reveal and text does not); each also goes on to like a
 * new item of their flavour, which nobody has interacted with yet (which only text reveals). Item
 * text names the topic and the flavour amid filler words shared by all topics.
 *
 * @param train training interactions, carrying every item's description (new items included)
 * @param testUsers held-out pairs: users
 * @param testItems held-out pairs: items, warm and new
 */
record ColdStartData(Interactions train, List<String> testUsers, List<String> testItems) {

  static ColdStartData generate(long seed) {
    Random rnd = new Random(seed);
    int topics = 5;
    int flavours = 4;
    int warm = 60;
    int fresh = 8;
    Map<String, ItemFeatures.Item> described = new LinkedHashMap<>();
    for (int t = 0; t < topics; t++) {
      for (int k = 0; k < warm + fresh; k++) {
        StringBuilder text = new StringBuilder("flavour" + t + "x" + k % flavours + " ");
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
    for (int u = 0; u < 600; u++) {
      int t = u % topics;
      int f = (u / topics) % flavours;
      Set<String> chosen = new LinkedHashSet<>();
      while (chosen.size() < 14) {
        int k = (int) (warm * Math.pow(rnd.nextDouble(), 2)); // popular items first
        if (k % flavours == f || rnd.nextDouble() < 0.2) {
          chosen.add(item(t, k));
        }
      }
      int n = 0;
      for (String i : chosen) {
        boolean test = n++ >= 11;
        (test ? hu : tu).add("u" + u);
        (test ? hi : ti).add(i);
      }
      hu.add("u" + u);
      hi.add(item(t, warm + f + flavours * rnd.nextInt(fresh / flavours)));
    }
    return new ColdStartData(Interactions.fromPairs(tu, ti).withItemFeatures(new ItemFeatures(described)), hu, hi);
  }

  private static String item(int topic, int k) {
    return "t" + topic + "-" + k;
  }
}
