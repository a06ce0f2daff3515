package dev.affinity.models.content;

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
 * A generated catalogue with planted topics: every item's text mixes words of its topic (in the
 * topic's own script) with filler words all topics share, and most items carry their topic's
 * category; every user interacts only with items of one topic, plus one random item. One extra
 * "cold" item per topic, described by topic words alone, has no interactions at all.
 */
record TopicCatalogue(Interactions data, int topics) {

  static final String[][] TOPIC_WORDS = {
      {"nébuleuse", "étoile", "galaxie", "comète", "planète", "orbite", "télescope", "astéroïde"},
      {"θάλασσα", "κύμα", "πλοίο", "λιμάνι", "ναύτης", "άγκυρα", "νησί", "ψάρι"},
      {"Straße", "Brücke", "Tunnel", "Ampel", "Kreuzung", "Autobahn", "Baustelle", "Fußgänger"},
      {"guitar", "drums", "chorus", "melody", "tempo", "ballad", "riff", "encore"}};
  static final String[] FILLER = {"the", "and", "with", "story", "new", "great", "best", "edition", "classic",
      "deluxe", "set", "pack", "original", "series", "one", "two", "part", "volume", "collection", "special"};
  static final int ITEMS_PER_TOPIC = 40;
  static final int USERS = 200;

  static TopicCatalogue generate(long seed) {
    Random rnd = new Random(seed);
    int topics = TOPIC_WORDS.length;
    Map<String, ItemFeatures.Item> described = new LinkedHashMap<>();
    for (int t = 0; t < topics; t++) {
      for (int k = 0; k < ITEMS_PER_TOPIC; k++) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 4; w++) {
          text.append(TOPIC_WORDS[t][rnd.nextInt(8)]).append(w % 2 == 0 ? ", " : " ");
          text.append(FILLER[rnd.nextInt(FILLER.length)].toUpperCase(java.util.Locale.ROOT)).append(' ');
        }
        List<String> cats = new ArrayList<>();
        if (rnd.nextDouble() < 0.7) {
          cats.add("Topic " + t);
        }
        cats.add("Misc " + rnd.nextInt(5));
        described.put(item(t, k), new ItemFeatures.Item(text.toString(), cats));
      }
    }
    for (int t = 0; t < topics; t++) {
      described.put(cold(t), new ItemFeatures.Item(String.join(" ", TOPIC_WORDS[t]), List.of("Topic " + t)));
    }
    List<String> users = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      Set<String> chosen = new LinkedHashSet<>();
      while (chosen.size() < 8) {
        chosen.add(item(u % topics, rnd.nextInt(ITEMS_PER_TOPIC)));
      }
      chosen.add(item(rnd.nextInt(topics), rnd.nextInt(ITEMS_PER_TOPIC)));
      for (String i : chosen) {
        users.add("u" + u);
        items.add(i);
      }
    }
    return new TopicCatalogue(Interactions.fromPairs(users, items).withItemFeatures(new ItemFeatures(described)),
        topics);
  }

  static String item(int topic, int k) {
    return "t" + topic + "-" + k;
  }

  static String cold(int topic) {
    return "cold-" + topic;
  }

  /** The planted topic of an item id (cold items included). */
  static int topicOf(String itemId) {
    return itemId.startsWith("cold-") ? Integer.parseInt(itemId.substring(5))
        : Integer.parseInt(itemId.substring(1, itemId.indexOf('-')));
  }

  /** The planted topic of user index {@code u}. */
  int topicOfUser(int u) {
    return Integer.parseInt(data.userId(u).substring(1)) % topics;
  }
}
