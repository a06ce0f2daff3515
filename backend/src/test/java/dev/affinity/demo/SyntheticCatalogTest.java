package dev.affinity.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SyntheticCatalogTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final SyntheticCatalog.Options SMALL = new SyntheticCatalog.Options(7L, 600, 400, 8, 30, 60, 0.3, NOW);

  @Test
  void heldOutEventsAreBetterPredictedByTheUsersFactorsThanByPopularity() {
    SyntheticCatalog data = SyntheticCatalog.generate(SMALL);
    Map<String, List<SyntheticCatalog.Event>> byUser = data.events().stream()
        .collect(Collectors.groupingBy(SyntheticCatalog.Event::userId));
    Map<Integer, Set<Integer>> train = new HashMap<>();
    Map<Integer, Set<Integer>> test = new HashMap<>();
    Map<Integer, Integer> trainCounts = new HashMap<>();
    for (int u = 0; u < SMALL.users(); u++) {
      List<SyntheticCatalog.Event> events = byUser.get(SyntheticCatalog.userId(u));
      int cut = events.size() * 4 / 5;
      Set<Integer> seen = new HashSet<>();
      for (SyntheticCatalog.Event e : events.subList(0, cut)) {
        int item = Integer.parseInt(e.itemId().substring(1));
        seen.add(item);
        trainCounts.merge(item, 1, Integer::sum);
      }
      Set<Integer> later = new HashSet<>();
      events.subList(cut, events.size()).forEach(e -> later.add(Integer.parseInt(e.itemId().substring(1))));
      later.removeAll(seen);
      train.put(u, seen);
      test.put(u, later);
    }

    double byFactors = recallAt20(data, train, test, data::affinity);
    double byPopularity = recallAt20(data, train, test, (u, i) -> trainCounts.getOrDefault(i, 0));
    double random = recallAt20(data, train, test, (u, i) -> Math.floorMod((u * 7919 + i * 104729) % 1009, 1009));

    assertTrue(byPopularity > random, "popularity must carry signal: " + byPopularity + " vs random " + random);
    assertTrue(byFactors > 1.5 * byPopularity,
        "factors must predict held-out events far better than popularity: " + byFactors + " vs " + byPopularity);
  }

  /** Mean Recall@20 over users with held-out items, training items masked. */
  private static double recallAt20(SyntheticCatalog data, Map<Integer, Set<Integer>> train,
                                   Map<Integer, Set<Integer>> test, ToDoubleBiFunction<Integer, Integer> score) {
    double sum = 0;
    int users = 0;
    for (int u = 0; u < data.options().users(); u++) {
      Set<Integer> truth = test.get(u);
      if (truth.isEmpty()) {
        continue;
      }
      int user = u;
      List<Integer> top = IntStream.range(0, data.options().items()).boxed()
          .filter(i -> !train.get(user).contains(i))
          .sorted(Comparator.comparingDouble((Integer i) -> score.applyAsDouble(user, i)).reversed())
          .limit(20).toList();
      long hits = top.stream().filter(truth::contains).count();
      sum += (double) hits / Math.min(20, truth.size());
      users++;
    }
    assertTrue(users > data.options().users() / 2, "most users must have held-out items");
    return sum / users;
  }

  @Test
  void theSameSeedGivesTheSameDataAndAnotherSeedDoesNot() {
    SyntheticCatalog a = SyntheticCatalog.generate(SMALL);
    SyntheticCatalog b = SyntheticCatalog.generate(SMALL);
    assertEquals(a.events(), b.events());
    assertEquals(a.items(), b.items());
    SyntheticCatalog c = SyntheticCatalog.generate(new SyntheticCatalog.Options(8L, 600, 400, 8, 30, 60, 0.3, NOW));
    assertNotEquals(a.events(), c.events());
  }

  @Test
  void eventsLookLikeAShopsFunnelOverTheLastTwoWeeks() {
    SyntheticCatalog data = SyntheticCatalog.generate(SMALL);
    Map<String, Long> types = data.events().stream()
        .collect(Collectors.groupingBy(SyntheticCatalog.Event::type, Collectors.counting()));
    long total = data.events().size();
    assertTrue(types.get("view") > types.get("click"), types.toString());
    assertTrue(types.get("click") > types.get("cart"), types.toString());
    assertTrue(types.get("cart") > types.get("purchase"), types.toString());
    assertTrue(types.get("purchase") > total / 200, "purchases must not be negligible: " + types);

    Map<String, Long> perUser = data.events().stream()
        .collect(Collectors.groupingBy(SyntheticCatalog.Event::userId, Collectors.counting()));
    assertEquals(SMALL.users(), perUser.size());
    perUser.values().forEach(n -> assertTrue(n >= 30 && n <= 63, "events per user: " + n));

    Instant start = NOW.minus(Duration.ofDays(14));
    long lastDay = data.events().stream().filter(e -> e.timestamp().isAfter(NOW.minus(Duration.ofDays(1)))).count();
    data.events().forEach(e -> assertTrue(!e.timestamp().isBefore(start) && !e.timestamp().isAfter(NOW),
        "timestamp outside the window: " + e));
    assertTrue(lastDay > total / 40, "the last 24 hours must have events: " + lastDay + " of " + total);
  }

  @Test
  void itemCategoriesFollowTheirDominantFactorAndTitlesAreDistinct() {
    SyntheticCatalog data = SyntheticCatalog.generate(SMALL);
    Set<String> categories = new HashSet<>();
    Set<String> titles = new HashSet<>();
    List<String> texts = new ArrayList<>();
    for (SyntheticCatalog.Item item : data.items()) {
      categories.add(item.category());
      titles.add(item.title());
      texts.add(item.text());
      assertTrue(item.text().contains(item.category()), item.toString());
    }
    assertEquals(8, categories.size());
    assertEquals(data.items().size(), titles.size());
    // Users who favour a category buy in it: each user's most frequent category covers a large share.
    Map<String, String> categoryOf = data.items().stream()
        .collect(Collectors.toMap(SyntheticCatalog.Item::id, SyntheticCatalog.Item::category));
    Map<String, Map<String, Long>> perUser = data.events().stream().collect(Collectors.groupingBy(
        SyntheticCatalog.Event::userId, Collectors.groupingBy(e -> categoryOf.get(e.itemId()), Collectors.counting())));
    double meanTopShare = perUser.values().stream().mapToDouble(m -> {
      long sum = m.values().stream().mapToLong(Long::longValue).sum();
      return (double) m.values().stream().mapToLong(Long::longValue).max().orElse(0) / sum;
    }).average().orElse(0);
    assertTrue(meanTopShare > 0.3, "with 8 categories a tasteless user would be near 0.2: " + meanTopShare);
    assertEquals(data.items().size(), texts.size());
  }
}
