package dev.affinity.models;

/**
 * How a fit runs, apart from what it learns: worker threads and a progress callback.
 *
 * @param threads worker threads for the heavy loops (≥ 1)
 * @param progress receives (stage, fraction done in [0,1]); must be cheap and thread-safe
 */
public record Training(int threads, Progress progress) {

  public Training {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (progress == null) {
      progress = Progress.NONE;
    }
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
}
