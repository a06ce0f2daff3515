package dev.affinity.models;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated interactions with planted structure: users fall into groups, each group prefers its own
 * block of items (skewed within the block) and adds a little uniform noise; a fixed share of every
 * user's items is held out. A model that learns co-preference recovers the held-out block items;
 * popularity cannot, because all blocks are equally popular.
 */
public record PlantedData(List<String> trainUsers, List<String> trainItems, List<String> testUsers,
    List<String> testItems) {

  public static PlantedData generate(int users, int items, int groups, int perUser, long seed) {
    Random rnd = new Random(seed);
    int block = items / groups;
    List<String> tu = new ArrayList<>();
    List<String> ti = new ArrayList<>();
    List<String> hu = new ArrayList<>();
    List<String> hi = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int g = u % groups;
      Set<Integer> chosen = new LinkedHashSet<>();
      while (chosen.size() < perUser) {
        if (rnd.nextDouble() < 0.85) {
          // skewed within the block: low offsets are the block's "hits"
          int off = (int) (block * Math.pow(rnd.nextDouble(), 2));
          chosen.add(g * block + off);
        } else {
          chosen.add(rnd.nextInt(items));
        }
      }
      for (int i : chosen) {
        boolean test = rnd.nextDouble() < 0.2;
        (test ? hu : tu).add("u" + u);
        (test ? hi : ti).add("i" + i);
      }
    }
    return new PlantedData(tu, ti, hu, hi);
  }

  /** The usual small test set: 600 users, 300 items, 6 groups, 25 items per user, seed 7. */
  public static PlantedData standard() {
    return generate(600, 300, 6, 25, 7);
  }

  public Interactions train() {
    return Interactions.fromPairs(trainUsers, trainItems);
  }
}
