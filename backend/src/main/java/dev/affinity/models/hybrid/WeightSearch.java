package dev.affinity.models.hybrid;

import dev.affinity.models.Interactions;
import dev.affinity.models.Parallel;
import dev.affinity.models.Recommender;
import dev.affinity.models.TopK;
import dev.affinity.models.Training;
import java.util.Arrays;
import java.util.List;

/**
 * Fits blend weights by coordinate ascent on the held-out part of a {@link Split}: every sub-model's
 * normalised scores for the sampled users are computed once and cached, so trying a weight vector
 * costs one weighted sum and one top-20 per user, not a model evaluation.
 *
 * <p>The search starts from the best single model alone and accepts only strict improvements, so
 * the blend is never worse than its best component on this split. One coordinate at a time takes
 * the best value of a fixed grid of relative weights (weights are scale-free: the best model starts
 * at 1); sweeps repeat until one changes nothing.
 */
final class WeightSearch {

  /** Relative weights tried per coordinate. */
  static final double[] GRID = {0, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3};
  static final int MAX_SWEEPS = 4;
  static final int K = 20;
  private static final int BATCH = 64;

  /**
   * @param weights the chosen weights, summing to 1
   * @param objective the held-out metric of the chosen blend
   * @param single the held-out metric of each sub-model alone
   */
  record Result(double[] weights, double objective, double[] single) {
  }

  private final Split split;
  private final int n;
  private final float[][] cache;
  private final boolean ndcg;
  private final int threads;

  private WeightSearch(Split split, int n, float[][] cache, boolean ndcg, int threads) {
    this.split = split;
    this.n = n;
    this.cache = cache;
    this.ndcg = ndcg;
    this.threads = threads;
  }

  /** Normalised scores of {@code parts} (fitted on {@code split.fitting()}) for the split's users. */
  static WeightSearch prepare(List<Recommender> parts, Split split, Normalisation norm, boolean ndcg,
      Training training) {
    Interactions fit = split.fitting();
    int n = fit.numItems();
    int[] users = split.users();
    float[][] cache = new float[parts.size()][users.length * n];
    for (int m = 0; m < parts.size(); m++) {
      Recommender part = parts.get(m);
      float[] c = cache[m];
      Parallel.forRange(users.length, BATCH, training.threads(), (worker, from, to) -> {
        float[] buf = new float[(to - from) * n];
        part.scoreBatch(Arrays.copyOfRange(users, from, to), buf);
        for (int s = from; s < to; s++) {
          int u = users[s];
          norm.apply(buf, (s - from) * n, n, fit.cols(), fit.rowStart(u), fit.rowEnd(u));
        }
        System.arraycopy(buf, 0, c, from * n, buf.length);
      });
    }
    return new WeightSearch(split, n, cache, ndcg, training.threads());
  }

  Result run(Training.Progress progress) {
    int models = cache.length;
    int budget = models + MAX_SWEEPS * models * GRID.length;
    int evaluations = 0;
    double[] single = new double[models];
    int best = 0;
    for (int m = 0; m < models; m++) {
      double[] w = new double[models];
      w[m] = 1;
      single[m] = evaluate(w);
      progress.update("hybrid weights", ++evaluations / (double) budget);
      if (single[m] > single[best]) {
        best = m;
      }
    }
    double[] w = new double[models];
    w[best] = 1;
    double objective = single[best];
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean improved = false;
      for (int m = 0; m < models; m++) {
        double current = w[m];
        for (double g : GRID) {
          if (g == current) {
            continue;
          }
          double[] trial = w.clone();
          trial[m] = g;
          if (Arrays.stream(trial).sum() == 0) {
            continue;
          }
          double o = evaluate(trial);
          progress.update("hybrid weights", ++evaluations / (double) budget);
          if (o > objective + 1e-12) {
            objective = o;
            w = trial;
            improved = true;
          }
        }
      }
      if (!improved) {
        break;
      }
    }
    progress.update("hybrid weights", 1.0);
    double sum = Arrays.stream(w).sum();
    for (int m = 0; m < models; m++) {
      w[m] /= sum;
    }
    return new Result(w, objective, single);
  }

  /** Mean Recall@20 (or NDCG@20) of the blend {@code w} over the split's users. */
  double evaluate(double[] w) {
    Interactions fit = split.fitting();
    int[] users = split.users();
    double[] perUser = new double[users.length];
    float[][] blend = new float[threads][n];
    Parallel.forRange(users.length, BATCH, threads, (worker, from, to) -> {
      float[] b = blend[worker];
      for (int s = from; s < to; s++) {
        Arrays.fill(b, 0f);
        for (int m = 0; m < cache.length; m++) {
          if (w[m] == 0) {
            continue;
          }
          float wm = (float) w[m];
          float[] c = cache[m];
          int off = s * n;
          for (int i = 0; i < n; i++) {
            b[i] += wm * c[off + i];
          }
        }
        int u = users[s];
        for (int p = fit.rowStart(u); p < fit.rowEnd(u); p++) {
          b[fit.cols()[p]] = Float.NEGATIVE_INFINITY;
        }
        perUser[s] = metric(TopK.select(b, 0, n, K), split.targets()[s]);
      }
    });
    double sum = 0;
    for (double v : perUser) { // in user order: the same sum on any number of threads
      sum += v;
    }
    return sum / users.length;
  }

  /** Recall@K or NDCG@K as the evaluator defines them; {@code targets} sorted. */
  private double metric(int[] top, int[] targets) {
    int hits = 0;
    double dcg = 0;
    for (int r = 0; r < top.length; r++) {
      if (Arrays.binarySearch(targets, top[r]) >= 0) {
        hits++;
        dcg += 1 / log2(r + 2);
      }
    }
    if (!ndcg) {
      return hits / (double) targets.length;
    }
    double idcg = 0;
    for (int r = 0; r < Math.min(K, targets.length); r++) {
      idcg += 1 / log2(r + 2);
    }
    return dcg / idcg;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
