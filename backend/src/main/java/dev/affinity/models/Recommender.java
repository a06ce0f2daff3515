package dev.affinity.models;

import java.io.DataOutput;
import java.io.IOException;

/**
 * A fitted, immutable model that scores every item for a user of the matrix it was trained on.
 *
 * <p>Scoring is by training-user index (models keep the training rows they need), so evaluation and
 * serving rank all items the same way; {@link #scoreBatch} exists because most models are much
 * faster per user when they see many users at once. Higher scores are better.
 */
public interface Recommender {

  /** Short algorithm name, as in {@link Models#algorithm(String)}. */
  String name();

  /** The training matrix, whose user and item indices the scores refer to. */
  Interactions data();

  /** Writes {@code out.length == numItems} scores of user {@code u}. */
  void score(int u, float[] out);

  /**
   * Scores {@code users.length} users into {@code out}, row-major ({@code users.length × numItems}).
   * The default calls {@link #score} per user.
   */
  default void scoreBatch(int[] users, float[] out) {
    int n = data().numItems();
    float[] row = new float[n];
    for (int b = 0; b < users.length; b++) {
      score(users[b], row);
      System.arraycopy(row, 0, out, b * n, n);
    }
  }

  /** Top {@code k} item indices for user {@code u}, best first, without the user's training items. */
  default int[] recommend(int u, int k) {
    float[] s = new float[data().numItems()];
    score(u, s);
    Interactions x = data();
    int[] cols = x.cols();
    for (int p = x.rowStart(u); p < x.rowEnd(u); p++) {
      s[cols[p]] = Float.NEGATIVE_INFINITY;
    }
    return TopK.select(s, 0, s.length, k);
  }

  /**
   * Scores every item for a history that need not be a row of the training matrix: the service's
   * users keep acting after a model is trained, so serving folds their current history in instead of
   * looking up a stale training row. {@code items} are indices of this model's item space (distinct),
   * oldest interaction first (sequence-aware models weight recent items more; the rest ignore the
   * order), {@code values} their weights; writes {@code numItems} scores into {@code out}. Models that cannot
   * fold a history in keep the default, and {@link #scoresHistories} says so.
   */
  default void scoreHistory(int[] items, float[] values, float[] out) {
    throw new UnsupportedOperationException(name() + " cannot score a history outside its training data");
  }

  /** Whether {@link #scoreHistory} works for this model (the service only serves models that do). */
  default boolean scoresHistories() {
    return false;
  }

  /**
   * Writes the model losslessly, starting with its name, so {@link Models#load} restores a model
   * whose scores are identical.
   */
  void save(DataOutput out) throws IOException;
}
