package dev.affinity.models.nn;

import java.util.SplittableRandom;

/**
 * Inverted dropout: each value is zeroed with probability p and the survivors are scaled by
 * 1/(1 − p), so no rescaling is needed at inference (which simply skips dropout).
 */
public final class Dropout {

  private Dropout() {
  }

  /** Applies dropout to {@code a[from, to)} in place with randomness from {@code rnd}. */
  public static void apply(float[] a, int from, int to, double p, SplittableRandom rnd) {
    if (p <= 0) {
      return;
    }
    float keep = (float) (1.0 / (1.0 - p));
    for (int k = from; k < to; k++) {
      a[k] = rnd.nextDouble() < p ? 0f : a[k] * keep;
    }
  }
}
