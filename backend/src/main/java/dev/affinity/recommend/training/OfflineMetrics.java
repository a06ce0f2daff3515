package dev.affinity.recommend.training;

import dev.affinity.models.Interactions;
import dev.affinity.recommend.model.Scoring;
import dev.affinity.recommend.model.TopK;
import dev.affinity.recommend.model.TrainedModel;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Offline quality of a model on the temporal holdout, ranked exactly as serving ranks (the model's
 * personal candidates, then popularity to fill), with the user's training items masked. Recall@K is hits over the
 * user's holdout items; NDCG@K uses the ideal DCG over min(K, |holdout items|); both are averaged over
 * the users that have holdout items (the DiffRec protocol in DESIGN.md).
 *
 * @param users number of users evaluated (0 when no user had enough events for a holdout)
 */
record OfflineMetrics(int k, int users, double recall, double ndcg) {
  static final int K = 10;

  static OfflineMetrics evaluate(TrainedModel model, Interactions train, Map<String, Set<String>> test, int k) {
    double recall = 0;
    double ndcg = 0;
    int users = 0;
    for (Map.Entry<String, Set<String>> e : test.entrySet()) {
      Set<String> truth = e.getValue();
      int u = train.userIndex(e.getKey());
      // oldest first, as serving passes a history (sequence-aware models weight the recent end)
      int[] order = u < 0 ? new int[0] : train.chronological(u);
      int[] history = new int[order.length];
      float[] weights = new float[order.length];
      for (int h = 0; h < order.length; h++) {
        history[h] = model.indexOf(train.itemId(train.cols()[order[h]]));
        weights[h] = train.values()[order[h]];
      }
      int[] seen = history.clone();
      Arrays.sort(seen);
      String[] ranked = rank(model, history, weights, seen, k);
      double dcg = 0;
      int hits = 0;
      for (int r = 0; r < ranked.length; r++) {
        if (truth.contains(ranked[r])) {
          hits++;
          dcg += 1 / log2(r + 2);
        }
      }
      double idcg = 0;
      for (int r = 0; r < Math.min(k, truth.size()); r++) {
        idcg += 1 / log2(r + 2);
      }
      recall += hits / (double) truth.size();
      ndcg += dcg / idcg;
      users++;
    }
    return new OfflineMetrics(k, users, users == 0 ? 0 : recall / users, users == 0 ? 0 : ndcg / users);
  }

  /** The top-k item ids for a user: personal candidates first, popularity to fill, seen items masked. */
  private static String[] rank(TrainedModel model, int[] history, float[] weights, int[] seen, int k) {
    TopK.Ranked knn = Scoring.personal(model, history, weights, i -> Arrays.binarySearch(seen, i) >= 0, k);
    int[] fromKnn = knn.items().clone();
    Arrays.sort(fromKnn);
    TopK.Ranked fill = Scoring.popular(model,
        i -> Arrays.binarySearch(seen, i) >= 0 || Arrays.binarySearch(fromKnn, i) >= 0, k - knn.size());
    String[] out = new String[knn.size() + fill.size()];
    for (int r = 0; r < knn.size(); r++) {
      out[r] = model.itemId(knn.items()[r]);
    }
    for (int r = 0; r < fill.size(); r++) {
      out[knn.size() + r] = model.itemId(fill.items()[r]);
    }
    return out;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** The {@code metrics} JSON stored with a model version. */
  JsonObject toJson() {
    return new JsonObject()
        .put("recall@" + k, recall)
        .put("ndcg@" + k, ndcg)
        .put("holdoutUsers", users);
  }
}
