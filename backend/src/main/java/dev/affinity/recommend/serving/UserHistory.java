package dev.affinity.recommend.serving;

import dev.affinity.recommend.model.TopK;
import dev.affinity.recommend.model.TrainedModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A user's interacted items with their summed weights (clamped at 0), as {@link ServingStore#history} reads them
 * and {@link HistoryCache} keeps them, plus two memos that make a repeated request cheap: the history as
 * indices of the model being served, and the last unfiltered candidate lists (personal and popularity fill) of
 * a plain request (no {@code exclude}, no {@code includeSeen}). Both memos are tied to the model instance
 * they were computed on, so a model switch recomputes them; a new event evicts the whole history, memos
 * included. Candidates are memoised before the catalogue filter, which every request still applies, so
 * an item deleted or deactivated a moment ago never shows. Races only recompute the same values.
 */
final class UserHistory {
  static final UserHistory EMPTY = new UserHistory(List.of(), new float[0]);

  /** The history in a model's index space: items it knows, their weights, and a test for "seen". */
  record Indexed(TrainedModel model, int[] items, float[] weights, IntPredicate seen) {
  }

  /** Unfiltered candidates of a plain request for {@code count} items fetching {@code fetch}. */
  record Candidates(TrainedModel model, int count, int fetch, TopK.Ranked personal, TopK.Ranked pop) {
  }

  private final List<String> items;
  private final float[] weights;
  private volatile Indexed indexed;
  private volatile Candidates candidates;

  UserHistory(List<String> items, float[] weights) {
    this.items = items;
    this.weights = weights;
  }

  List<String> items() {
    return items;
  }

  float[] weights() {
    return weights;
  }

  /** This history in {@code m}'s index space, computed once per model. */
  Indexed indexed(TrainedModel m) {
    Indexed current = indexed;
    if (current != null && current.model() == m) {
      return current;
    }
    int[] idx = new int[items.size()];
    float[] w = new float[idx.length];
    int n = 0;
    for (int h = 0; h < idx.length; h++) {
      int i = m.indexOf(items.get(h));
      if (i >= 0) {
        idx[n] = i;
        w[n++] = weights[h];
      }
    }
    int[] known = Arrays.copyOf(idx, n);
    Indexed fresh = new Indexed(m, known, Arrays.copyOf(w, n), Recommender.inSet(known));
    indexed = fresh;
    return fresh;
  }

  /** The memoised candidates of a plain request, or null when none match. */
  Candidates candidates(TrainedModel m, int count, int fetch) {
    Candidates c = candidates;
    return c != null && c.model() == m && c.count() == count && c.fetch() == fetch ? c : null;
  }

  void remember(Candidates c) {
    candidates = c;
  }
}
