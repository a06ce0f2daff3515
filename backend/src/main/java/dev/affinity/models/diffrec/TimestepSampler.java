package dev.affinity.models.diffrec;

import java.util.SplittableRandom;

/**
 * How DiffRec picks the diffusion step of each training row. Uniform by default; with
 * {@code importance}, DiffRec's importance sampling: once every step has {@link #HISTORY} recent
 * losses, t is drawn with probability ∝ √(mean of its squared losses) (mixed with a 0.1% uniform
 * share so no step starves), and the loss is divided by {@code T·p_t} so its expectation is
 * unchanged — hard steps get more updates, not more weight.
 */
final class TimestepSampler {

  static final int HISTORY = 10;
  private static final double UNIFORM_SHARE = 0.001;

  private final int steps;
  private final boolean importance;
  private final double[][] history;
  private final int[] count;

  TimestepSampler(int steps, boolean importance) {
    this.steps = steps;
    this.importance = importance;
    this.history = new double[steps][HISTORY];
    this.count = new int[steps];
  }

  /**
   * The distribution to draw this batch's steps from, or null for uniform (importance sampling
   * off, or some step has fewer than {@link #HISTORY} losses yet).
   */
  double[] distribution() {
    return importance && warm() ? probabilities() : null;
  }

  /** One step from {@code p} (uniform when null). */
  int draw(SplittableRandom rnd, double[] p) {
    if (p == null) {
      return rnd.nextInt(steps);
    }
    double u = rnd.nextDouble();
    int k = 0;
    double acc = p[0];
    while (u >= acc && k < steps - 1) {
      acc += p[++k];
    }
    return k;
  }

  /** The factor 1/(T·p_t) that keeps the loss unbiased under {@code p} (1 when uniform). */
  double scale(int t, double[] p) {
    return p == null ? 1 : 1 / (steps * p[t]);
  }

  /** Remembers the (weighted, unscaled) loss of one row trained at step t. */
  void record(int t, double loss) {
    if (count[t] == HISTORY) {
      System.arraycopy(history[t], 1, history[t], 0, HISTORY - 1);
      history[t][HISTORY - 1] = loss;
    } else {
      history[t][count[t]++] = loss;
    }
  }

  private boolean warm() {
    for (int c : count) {
      if (c < HISTORY) {
        return false;
      }
    }
    return true;
  }

  /** p_t ∝ √(mean L_t²), mixed with a small uniform share. */
  double[] probabilities() {
    double[] p = new double[steps];
    double sum = 0;
    for (int t = 0; t < steps; t++) {
      double sq = 0;
      for (double l : history[t]) {
        sq += l * l;
      }
      p[t] = Math.sqrt(sq / HISTORY);
      sum += p[t];
    }
    for (int t = 0; t < steps; t++) {
      p[t] = (sum > 0 ? p[t] / sum : 1.0 / steps) * (1 - UNIFORM_SHARE) + UNIFORM_SHARE / steps;
    }
    return p;
  }
}
