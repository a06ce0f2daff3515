package dev.affinity.eval;

import io.vertx.core.json.JsonObject;

/**
 * Averaged offline metrics of one model on one held-out split.
 *
 * @param coverage20 fraction of the catalogue appearing in any user's top-20
 * @param novelty20 mean −log2 popularity share of the recommended top-20 items
 * @param users users averaged over: every training user, those without held-out items counting
 *     as zero (DiffRec's convention)
 * @param usersWithItems users with at least one held-out item, the ones scored
 */
public record Report(double recall10, double recall20, double ndcg10, double ndcg20,
    double precision20, double coverage20, double novelty20, int users, int usersWithItems) {

  /** The metric keys used by {@code eval --json}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("recall@10", recall10).put("recall@20", recall20)
        .put("ndcg@10", ndcg10).put("ndcg@20", ndcg20)
        .put("precision@20", precision20).put("coverage@20", coverage20)
        .put("novelty@20", novelty20).put("users", users).put("users_with_items", usersWithItems);
  }

  /** One human-readable line. */
  public String line() {
    return String.format(java.util.Locale.ROOT,
        "Recall@10 %.4f  Recall@20 %.4f  NDCG@10 %.4f  NDCG@20 %.4f  P@20 %.4f  Cov@20 %.3f  Nov@20 %.2f  (%d users, %d with held-out items)",
        recall10, recall20, ndcg10, ndcg20, precision20, coverage20, novelty20, users, usersWithItems);
  }
}
