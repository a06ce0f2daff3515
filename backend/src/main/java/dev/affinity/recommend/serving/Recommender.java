package dev.affinity.recommend.serving;

import dev.affinity.recommend.ModelKind;
import dev.affinity.recommend.model.Scoring;
import dev.affinity.recommend.model.TopK;
import dev.affinity.recommend.model.TrainedModel;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Answers recommendation requests from the tenant's in-memory model with at most two SQL round trips:
 * the user's history, then one catalogue filter over an over-fetched candidate list (so deleted, inactive
 * or off-category items never show, and popularity fills what the filter removed). Scoring runs on the
 * event loop because it is a few thousand float additions, cheaper than a thread hop.
 */
public final class Recommender {
  /** Label of lists computed by SQL because the tenant has no trained model yet. */
  public static final String LIVE_POPULARITY = ModelKind.POPULARITY.wireName() + ":live";

  /** An item and its score. */
  public record Scored(String id, double score) {
  }

  /** A list and what served it ({@code item-knn:v3}, {@code popularity:v3}, {@code popularity:live}). */
  public record Result(String model, List<Scored> items) {
  }

  private final ModelRegistry registry;
  private final ServingStore store;

  public Recommender(ModelRegistry registry) {
    this.registry = registry;
    this.store = registry.store();
  }

  /** Candidates fetched per wanted item: filters drop some, a category filter usually many. */
  static int overFetch(int count, String category) {
    return (category == null ? 3 : 10) * count;
  }

  public Future<Result> forUser(TenantId tenant, String userId, int count, String category, Set<String> exclude,
      boolean includeSeen) {
    return registry.get(tenant).compose(model -> store.history(tenant, userId).compose(history -> {
      Set<String> skipIds = new HashSet<>(exclude);
      if (!includeSeen) {
        skipIds.addAll(history.items());
      }
      if (model == null) {
        return store.livePopular(tenant, category, skipIds, count).map(items -> new Result(LIVE_POPULARITY, items));
      }
      TrainedModel m = model.model();
      IntPredicate skipped = skipSet(m, skipIds);
      int fetch = overFetch(count, category);
      TopK.Ranked knn = TopK.Ranked.EMPTY;
      if (m.kind() == ModelKind.ITEM_KNN && !history.items().isEmpty()) {
        int[] hist = new int[history.items().size()];
        float[] weights = new float[hist.length];
        int n = 0;
        for (int h = 0; h < hist.length; h++) {
          int i = m.indexOf(history.items().get(h));
          if (i >= 0) {
            hist[n] = i;
            weights[n++] = history.weights()[h];
          }
        }
        knn = Scoring.knn(m, Arrays.copyOf(hist, n), Arrays.copyOf(weights, n), skipped, fetch);
      }
      IntPredicate notKnn = inSet(knn.items());
      TopK.Ranked pop = Scoring.popular(m, i -> skipped.test(i) || notKnn.test(i), Math.max(count, fetch - knn.size()));
      return filterAndMerge(tenant, m, knn, pop, category, count, model.label(), model.popularityLabel());
    }));
  }

  public Future<Result> popular(TenantId tenant, int count, String category) {
    return registry.get(tenant).compose(model -> {
      if (model == null) {
        return store.livePopular(tenant, category, Set.of(), count).map(items -> new Result(LIVE_POPULARITY, items));
      }
      TrainedModel m = model.model();
      TopK.Ranked pop = Scoring.popular(m, i -> false, overFetch(count, category));
      return filterAndMerge(tenant, m, TopK.Ranked.EMPTY, pop, category, count, model.label(), model.popularityLabel());
    });
  }

  /**
   * Items similar to {@code itemId}: its stored kNN neighbours (at most 50) that are active, or, when the
   * model has none for it (popularity model, or an item without co-occurrences), the popular items. Null
   * when the tenant has no such item.
   */
  public Future<Result> similar(TenantId tenant, String itemId, int count) {
    return registry.get(tenant).compose(model -> {
      if (model == null) {
        return store.activeFlags(tenant, List.of(itemId)).compose(flags -> !flags.containsKey(itemId)
            ? Future.succeededFuture(null)
            : store.livePopular(tenant, null, Set.of(itemId), count).map(items -> new Result(LIVE_POPULARITY, items)));
      }
      TrainedModel m = model.model();
      int i = m.indexOf(itemId);
      List<Scored> candidates = new ArrayList<>();
      String label;
      if (i >= 0 && m.neighbourCount(i) > 0) {
        for (int k = 0; k < m.neighbourCount(i); k++) {
          candidates.add(new Scored(m.itemId(m.neighbour(i, k)), m.similarity(i, k)));
        }
        label = model.label();
      } else {
        TopK.Ranked pop = Scoring.popular(m, j -> j == i, overFetch(count, null));
        for (int r = 0; r < pop.size(); r++) {
          candidates.add(new Scored(m.itemId(pop.items()[r]), pop.scores()[r]));
        }
        label = model.popularityLabel();
      }
      List<String> ids = new ArrayList<>(candidates.size() + 1);
      ids.add(itemId);
      candidates.forEach(c -> ids.add(c.id()));
      return store.activeFlags(tenant, ids).map(flags -> {
        if (!flags.containsKey(itemId)) {
          return null;
        }
        List<Scored> out = new ArrayList<>(count);
        for (Scored c : candidates) {
          if (out.size() < count && Boolean.TRUE.equals(flags.get(c.id()))) {
            out.add(c);
          }
        }
        return new Result(label, out);
      });
    });
  }

  /**
   * One SQL filter over kNN candidates then popularity candidates; kNN results come first with their
   * scores, popularity fills the rest (score 0 after personalised items, so scores never increase down
   * the list). The label says kNN only when at least one kNN item made it.
   */
  private Future<Result> filterAndMerge(TenantId tenant, TrainedModel m, TopK.Ranked knn, TopK.Ranked pop,
      String category, int count, String knnLabel, String popLabel) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i : knn.items()) {
      ids.add(m.itemId(i));
    }
    for (int i : pop.items()) {
      ids.add(m.itemId(i));
    }
    return store.servable(tenant, ids, category).map(valid -> {
      List<Scored> out = new ArrayList<>(count);
      for (int r = 0; r < knn.size() && out.size() < count; r++) {
        String id = m.itemId(knn.items()[r]);
        if (valid.contains(id)) {
          out.add(new Scored(id, knn.scores()[r]));
        }
      }
      boolean personalised = !out.isEmpty();
      for (int r = 0; r < pop.size() && out.size() < count; r++) {
        String id = m.itemId(pop.items()[r]);
        if (valid.contains(id)) {
          out.add(new Scored(id, personalised ? 0 : pop.scores()[r]));
        }
      }
      return new Result(personalised ? knnLabel : popLabel, out);
    });
  }

  /** Model indices of the given ids as a membership test (ids unknown to the model are irrelevant). */
  private static IntPredicate skipSet(TrainedModel m, Set<String> ids) {
    int[] idx = new int[ids.size()];
    int n = 0;
    for (String id : ids) {
      int i = m.indexOf(id);
      if (i >= 0) {
        idx[n++] = i;
      }
    }
    return inSet(Arrays.copyOf(idx, n));
  }

  private static IntPredicate inSet(int[] items) {
    if (items.length == 0) {
      return i -> false;
    }
    int[] sorted = items.clone();
    Arrays.sort(sorted);
    return i -> Arrays.binarySearch(sorted, i) >= 0;
  }
}
