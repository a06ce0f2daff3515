package dev.affinity.recommend.model;

import dev.affinity.models.Interactions;
import dev.affinity.models.InteractionsBuilder;
import dev.affinity.models.Models;
import dev.affinity.models.Training;
import dev.affinity.recommend.ModelKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import dev.affinity.recommend.EventWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A planted structure for recommender tests: two disjoint user groups ("a" and "b"), each interacting
 * only with its own disjoint item set, generated from a fixed seed. Any sensible collaborative model
 * must keep recommendations inside the user's group.
 */
public final class PlantedData {
  /** One raw event. */
  public record Event(String user, String item, String type, Double value, int day) {
  }

  static final String[] TYPES = {"view", "view", "view", "click", "click", "cart", "like", "purchase", "rating"};

  private PlantedData() {
  }

  /** {@code usersPerGroup} users per group, {@code itemsPerGroup} items per group, {@code perUser} events each. */
  public static List<Event> events(int usersPerGroup, int itemsPerGroup, int perUser, long seed) {
    Random random = new Random(seed);
    List<Event> out = new ArrayList<>();
    for (String group : new String[] {"a", "b"}) {
      for (int u = 0; u < usersPerGroup; u++) {
        for (int e = 0; e < perUser; e++) {
          String type = TYPES[random.nextInt(TYPES.length)];
          Double value = type.equals("rating") ? (double) (3 + random.nextInt(3)) : null;
          out.add(new Event(String.format("u%s%03d", group, u), String.format("%s%03d", group, random.nextInt(itemsPerGroup)),
              type, value, e));
        }
      }
    }
    return out;
  }

  public static Interactions matrix(List<Event> events) {
    InteractionsBuilder b = new InteractionsBuilder();
    for (Event e : events) {
      b.add(e.user(), e.item(), EventWeights.weight(e.type(), e.value()), e.day());
    }
    return b.build();
  }

  /** Fits {@code kind} through the model library with the service's defaults overridden by {@code params}. */
  public static TrainedModel fit(ModelKind kind, Interactions x, Map<String, String> params) {
    Map<String, String> merged = new HashMap<>(kind.defaults());
    merged.putAll(params);
    return ServedModels.from(kind, Models.algorithm(kind.algorithm()).fit(x, merged, new Training(2, null)));
  }

  /** The weights of row {@code u}, aligned with {@code x.row(u)}. */
  public static float[] weights(Interactions x, int u) {
    return Arrays.copyOfRange(x.values(), x.rowStart(u), x.rowEnd(u));
  }
}
