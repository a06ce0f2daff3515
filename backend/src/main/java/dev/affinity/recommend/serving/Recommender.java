package dev.affinity.recommend.serving;

import dev.affinity.recommend.ModelKind;
import dev.affinity.recommend.model.Scoring;
import dev.affinity.recommend.model.TopK;
import dev.affinity.recommend.model.TrainedModel;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Answers recommendation requests from the tenant's in-memory model, with no SQL in steady state: the
 * user's history and the tenant's catalogue come from this node's caches ({@link HistoryCache},
 * {@link CatalogueCache}, kept fresh cluster-wide by {@link ServingEvents}), read from PostgreSQL only on a
 * miss. A user's unfiltered candidates are memoised with their cached history ({@link UserHistory}), so a
 * repeated plain request skips scoring. Candidates are over-fetched and then filtered against the catalogue, so deleted, inactive or
 * off-category items never show and popularity fills what the filter removed. Scoring and filtering run
 * on the event loop because they are a few thousand float additions and map look-ups, cheaper than a
 * thread hop. Tenants that never trained are served live popularity computed by SQL.
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
  private final ServingCaches caches;
  private final Vertx vertx;
  private final VariantModels variants;

  public Recommender(ModelRegistry registry) {
    this.registry = registry;
    this.variants = new VariantModels(registry);
    this.vertx = registry.vertx();
    this.store = registry.store();
    this.caches = new ServingCaches(registry.vertx(), store);
  }

  /** Candidates fetched per wanted item: filters drop some, a category filter usually many. */
  static int overFetch(int count, String category) {
    return (category == null ? 3 : 10) * count;
  }

  public Future<Result> forUser(TenantId tenant, String userId, int count, String category, Set<String> exclude,
      boolean includeSeen) {
    return forUser(tenant, userId, count, category, exclude, includeSeen, null, null);
  }

  /**
   * As above for an experiment variant on {@code variantModel} (null: the active model), optionally pinned
   * to {@code variantVersion} (see {@link VariantModels}). A variant on the popularity model skips the
   * personal scoring and serves the trained popularity list, still without seen or excluded items and
   * through the catalogue filter; those candidates are not memoised (the memo holds plain requests').
   */
  public Future<Result> forUser(TenantId tenant, String userId, int count, String category, Set<String> exclude,
      boolean includeSeen, String variantModel, Long variantVersion) {
    boolean popularityOnly = ModelKind.POPULARITY.wireName().equals(variantModel);
    Future<ServingModel> served = variantModel == null ? registry.get(tenant)
        : variants.resolve(tenant, variantModel, variantVersion);
    return served.compose(model -> caches.histories.get(tenant, userId).compose(history -> {
      if (model == null) {
        Set<String> skipIds = new HashSet<>(exclude);
        if (!includeSeen) {
          skipIds.addAll(history.items());
        }
        return store.livePopular(tenant, category, skipIds, count).map(items -> new Result(LIVE_POPULARITY, items));
      }
      TrainedModel m = model.model();
      int fetch = overFetch(count, category);
      boolean plain = exclude.isEmpty() && !includeSeen && !popularityOnly;
      UserHistory.Candidates memo = plain ? history.candidates(m, count, fetch) : null;
      Future<UserHistory.Candidates> computed;
      if (memo != null) {
        computed = Future.succeededFuture(memo);
      } else if (m.dense() && !popularityOnly) {
        // a dense model scores every item (up to ~milliseconds): never on the event loop
        computed = vertx.executeBlocking(() -> candidates(m, history, count, fetch, exclude, includeSeen, false),
            false);
      } else {
        computed = Future.succeededFuture(candidates(m, history, count, fetch, exclude, includeSeen, popularityOnly));
      }
      return computed.compose(c -> {
        if (plain && memo == null) {
          history.remember(c);
        }
        return caches.catalogues.get(tenant).map(catalogue -> filterAndMerge(catalogue, m, c.personal(), c.pop(),
            category, count, model.label(), model.popularityLabel()));
      });
    }));
  }

  /**
   * Unfiltered candidates: the model's personal scores of the user's history (neighbour sums or a dense
   * fold-in, see {@link Scoring#personal}), then popularity, both leaving out
   * what the user has seen (unless {@code includeSeen}) and {@code exclude}.
   */
  private static UserHistory.Candidates candidates(TrainedModel m, UserHistory history, int count, int fetch,
      Set<String> exclude, boolean includeSeen, boolean popularityOnly) {
    UserHistory.Indexed indexed = history.indexed(m);
    IntPredicate skipped;
    if (exclude.isEmpty()) {
      skipped = includeSeen ? i -> false : indexed.seen();
    } else {
      Set<String> skipIds = new HashSet<>(exclude);
      if (!includeSeen) {
        skipIds.addAll(history.items());
      }
      skipped = skipSet(m, skipIds);
    }
    TopK.Ranked personal = popularityOnly ? TopK.Ranked.EMPTY
        : Scoring.personal(m, indexed.items(), indexed.weights(), skipped, fetch);
    IntPredicate notPersonal = inSet(personal.items());
    TopK.Ranked pop = Scoring.popular(m, i -> skipped.test(i) || notPersonal.test(i),
        Math.max(count, fetch - personal.size()));
    return new UserHistory.Candidates(m, count, fetch, personal, pop);
  }

  public Future<Result> popular(TenantId tenant, int count, String category) {
    return registry.get(tenant).compose(model -> {
      if (model == null) {
        return store.livePopular(tenant, category, Set.of(), count).map(items -> new Result(LIVE_POPULARITY, items));
      }
      TrainedModel m = model.model();
      TopK.Ranked pop = Scoring.popular(m, i -> false, overFetch(count, category));
      return caches.catalogues.get(tenant).map(catalogue -> filterAndMerge(catalogue, m, TopK.Ranked.EMPTY, pop,
          category, count, model.label(), model.popularityLabel()));
    });
  }

  /**
   * Items similar to {@code itemId}: its stored neighbours (item-kNN keeps 50) that are active, or, when the
   * model has none for it (popularity and dense models, or an item without co-occurrences), the popular items. Null
   * when the tenant has no such item.
   */
  public Future<Result> similar(TenantId tenant, String itemId, int count) {
    return registry.get(tenant).compose(model -> caches.catalogues.get(tenant).compose(catalogue -> {
      if (catalogue.active(itemId) == null) {
        return Future.succeededFuture(null);
      }
      if (model == null) {
        return store.livePopular(tenant, null, Set.of(itemId), count).map(items -> new Result(LIVE_POPULARITY, items));
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
      List<Scored> out = new ArrayList<>(count);
      for (Scored c : candidates) {
        if (out.size() < count && Boolean.TRUE.equals(catalogue.active(c.id()))) {
          out.add(c);
        }
      }
      return Future.succeededFuture(new Result(label, out));
    }));
  }

  /**
   * Filters personal candidates then popularity candidates against the catalogue; personal results come
   * first with their scores, popularity fills the rest (score 0 after personalised items, so scores never
   * increase down the list). The label names the model only when at least one personal item made it.
   */
  private static Result filterAndMerge(Catalogue catalogue, TrainedModel m, TopK.Ranked personal, TopK.Ranked pop,
      String category, int count, String personalLabel, String popLabel) {
    List<Scored> out = new ArrayList<>(count);
    for (int r = 0; r < personal.size() && out.size() < count; r++) {
      String id = m.itemId(personal.items()[r]);
      if (catalogue.servable(id, category)) {
        out.add(new Scored(id, personal.scores()[r]));
      }
    }
    boolean personalised = !out.isEmpty();
    for (int r = 0; r < pop.size() && out.size() < count; r++) {
      String id = m.itemId(pop.items()[r]);
      if (catalogue.servable(id, category)) {
        out.add(new Scored(id, personalised ? 0 : pop.scores()[r]));
      }
    }
    return new Result(personalised ? personalLabel : popLabel, out);
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

  /**
   * Membership in {@code items} as an open-addressing hash set: personal scoring tests every candidate against the
   * user's seen items, a few thousand tests per request, where a binary search was the biggest cost.
   */
  static IntPredicate inSet(int[] items) {
    if (items.length == 0) {
      return i -> false;
    }
    int capacity = Integer.highestOneBit(items.length * 2 - 1) << 2;
    int mask = capacity - 1;
    int[] table = new int[capacity];
    Arrays.fill(table, -1);
    for (int item : items) {
      int slot = mix(item) & mask;
      while (table[slot] != -1 && table[slot] != item) {
        slot = (slot + 1) & mask;
      }
      table[slot] = item;
    }
    return i -> {
      for (int slot = mix(i) & mask; ; slot = (slot + 1) & mask) {
        int t = table[slot];
        if (t == i) {
          return true;
        }
        if (t == -1) {
          return false;
        }
      }
    };
  }

  private static int mix(int i) {
    int h = i * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
