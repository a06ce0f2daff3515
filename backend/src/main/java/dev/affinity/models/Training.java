package dev.affinity.models;

import java.util.function.Supplier;

/**
 * How a fit runs, apart from what it learns: worker threads, a progress callback, and who sees the
 * model between epochs.
 *
 * @param threads worker threads for the heavy loops (≥ 1)
 * @param progress receives (stage, fraction done in [0,1]); must be cheap and thread-safe
 * @param checkpoints shown the model after each epoch of an iterative fit (neural models)
 */
public record Training(int threads, Progress progress, Checkpoints checkpoints) {

  public Training {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (progress == null) {
      progress = Progress.NONE;
    }
    if (checkpoints == null) {
      checkpoints = Checkpoints.NONE;
    }
  }

  /** No checkpoints: the fit runs all its epochs and returns the last model. */
  public Training(int threads, Progress progress) {
    this(threads, progress, Checkpoints.NONE);
  }

  /** All available processors, no progress reports. */
  public static Training defaults() {
    return new Training(Runtime.getRuntime().availableProcessors(), Progress.NONE);
  }

  /** Progress callback, so long training can drive a progress bar or a job status. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (stage, fraction) -> { };

    void update(String stage, double fraction);
  }

  /**
   * Sees an iterative fit after each epoch, so a caller that holds validation data can keep the best
   * epoch and stop early — how DiffRec's and Mult-VAE's reference code choose theirs. A fit calls
   * it once per epoch; the snapshot is built only if asked for, and is independent of the training
   * that goes on (its own copy of the weights).
   */
  @FunctionalInterface
  public interface Checkpoints {
    Checkpoints NONE = (epoch, snapshot) -> true;

    /**
     * @param epoch epochs done so far (1 after the first)
     * @param snapshot the model as it stands now
     * @return false to end the fit now
     */
    boolean epochEnd(int epoch, Supplier<Recommender> snapshot);
  }
}
