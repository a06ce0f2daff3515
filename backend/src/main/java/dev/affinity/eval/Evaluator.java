package dev.affinity.eval;

import dev.affinity.models.Interactions;
import dev.affinity.models.Parallel;
import dev.affinity.models.Recommender;
import dev.affinity.models.TopK;
import dev.affinity.models.Training;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Offline evaluation by full ranking (DiffRec's protocol): every item is scored for every user with
 * at least one held-out item, the user's training items and any earlier held-out splits are masked,
 * and top-K lists are compared with the held-out items. Users are scored in batches on all threads.
 *
 * <p>Recall, NDCG and precision are averaged over <em>all</em> training users, a user without
 * held-out items counting as zero, as DiffRec's {@code computeTopNAccuracy} does (it divides by
 * the number of users): the published figures the models are compared with are computed that way,
 * and a test split where some users have no items would otherwise read higher than theirs.
 * Coverage and novelty are over the lists of the users who were scored.
 */
public final class Evaluator {

  private static final int BATCH = 128;

  private Evaluator() {
  }

  /**
   * Averages of the metrics over all training users (see the class comment).
   *
   * @param masked earlier held-out splits to mask besides training (the validation split at test)
   */
  public static Report evaluate(Recommender model, Holdout target, List<Holdout> masked,
      Training training) {
    Interactions x = model.data();
    int n = x.numItems();
    int[] users = java.util.stream.IntStream.range(0, target.items().length)
        .filter(u -> target.items()[u].length > 0).toArray();
    if (users.length == 0) {
      throw new IllegalArgumentException("no user has a held-out item that the training data knows");
    }
    double[] logPop = noveltyWeights(x);
    int threads = training.threads();
    double[][] perUser = new double[users.length][]; // summed in user order: reproducible
    boolean[][] covered = new boolean[threads][n];
    AtomicInteger done = new AtomicInteger();
    Parallel.forRange(users.length, BATCH, threads, (worker, from, to) -> {
      int[] batch = java.util.Arrays.copyOfRange(users, from, to);
      float[] scores = new float[batch.length * n];
      model.scoreBatch(batch, scores);
      for (int b = 0; b < batch.length; b++) {
        double[] s = new double[7];
        perUser[from + b] = s;
        int u = batch[b];
        int off = b * n;
        for (int p = x.rowStart(u); p < x.rowEnd(u); p++) {
          scores[off + x.cols()[p]] = Float.NEGATIVE_INFINITY;
        }
        for (Holdout h : masked) {
          for (int i : h.items()[u]) {
            if (i >= 0) {
              scores[off + i] = Float.NEGATIVE_INFINITY;
            }
          }
        }
        int[] top = TopK.select(scores, off, off + n, 20);
        int[] rel = target.items()[u];
        double[] m10 = Metrics.atK(top, rel, 10);
        double[] m20 = Metrics.atK(top, rel, 20);
        s[0] += m10[0];
        s[1] += m10[1];
        s[2] += m20[0];
        s[3] += m20[1];
        s[4] += m20[2];
        for (int i : top) {
          covered[worker][i] = true;
          s[5] += logPop[i];
        }
        s[6] += top.length;
      }
      training.progress().update("evaluating", done.addAndGet(batch.length) / (double) users.length);
    });
    double[] t = new double[7];
    for (double[] s : perUser) {
      for (int k = 0; k < t.length; k++) {
        t[k] += s[k];
      }
    }
    int cov = 0;
    for (int i = 0; i < n; i++) {
      for (boolean[] c : covered) {
        if (c[i]) {
          cov++;
          break;
        }
      }
    }
    double m = target.items().length;
    return new Report(t[0] / m, t[2] / m, t[1] / m, t[3] / m, t[4] / m, cov / (double) n,
        t[6] == 0 ? 0 : t[5] / t[6], target.items().length, users.length);
  }

  /** −log2 of each item's popularity share (training users who have it / all training users). */
  static double[] noveltyWeights(Interactions x) {
    int[] c = x.itemCounts();
    double[] w = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      w[i] = -Metrics.log2(Math.max(c[i], 1) / (double) x.numUsers());
    }
    return w;
  }
}
