package dev.affinity.eval;

import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code eval --checkpoint-every K}: evaluates an iterative fit on the validation split every K
 * epochs, keeps the best epoch by the tuning metric and stops after {@code patience} evaluations
 * without improvement — the model selection of DiffRec's and Mult-VAE's reference code (DiffRec:
 * every 5 epochs, stop after 20 without a better Recall@20), so their published figures and ours
 * come from the same procedure. Only the validation split is looked at.
 *
 * <p>The kept epoch is reproducible without this: a fit with {@code epochs} set to it gives the same
 * model, since nothing in training depends on the total number of epochs.
 */
final class EpochSelection implements Training.Checkpoints {

  private final Holdout validation;
  private final int every;
  private final int patience;
  private final ToDoubleFunction<Report> objective;
  private final Training evaluation;
  private final PrintWriter err;
  private final JsonArray trail = new JsonArray();
  private final long started = System.nanoTime();
  private long evaluatingNanos;
  private int lastSeen;
  private int lastEvaluated;
  private int sinceBest;
  private boolean stopped;
  private Recommender best;
  private Report bestReport;
  private int bestEpoch;
  private double bestSeconds;

  EpochSelection(Holdout validation, int every, int patience, ToDoubleFunction<Report> objective,
      Training evaluation, PrintWriter err) {
    if (every < 1 || patience < 1) {
      throw new IllegalArgumentException("--checkpoint-every and --patience must be >= 1");
    }
    this.validation = validation;
    this.every = every;
    this.patience = patience;
    this.objective = objective;
    this.evaluation = evaluation;
    this.err = err;
  }

  @Override
  public boolean epochEnd(int epoch, Supplier<Recommender> snapshot) {
    lastSeen = epoch;
    if (epoch % every != 0) {
      return true;
    }
    consider(epoch, snapshot.get());
    stopped = sinceBest >= patience;
    return !stopped;
  }

  /**
   * The fit has returned {@code last}; it is evaluated too when its final epoch fell between
   * checkpoints. Models that are not iterative never call back: then {@code last} is the choice.
   */
  void finish(Recommender last) {
    if (lastSeen == 0 || (!stopped && lastEvaluated < lastSeen)) {
      consider(lastSeen, last);
    }
  }

  private void consider(int epoch, Recommender model) {
    long t0 = System.nanoTime();
    double trainedSeconds = (t0 - started - evaluatingNanos) / 1e9;
    Report r = Evaluator.evaluate(model, validation, List.of(), evaluation);
    lastEvaluated = epoch;
    boolean better = bestReport == null || objective.applyAsDouble(r) > objective.applyAsDouble(bestReport);
    if (better) {
      best = model;
      bestReport = r;
      bestEpoch = epoch;
      bestSeconds = trainedSeconds;
      sinceBest = 0;
    } else {
      sinceBest++;
    }
    if (epoch > 0) {
      trail.add(new JsonObject().put("epoch", epoch).put("recall@20", r.recall20()).put("ndcg@20", r.ndcg20()));
      err.println("checkpoint epoch " + epoch + ": " + r.line() + (better ? "  (best so far)" : ""));
      err.flush();
    }
    evaluatingNanos += System.nanoTime() - t0;
  }

  Recommender best() {
    return best;
  }

  Report bestReport() {
    return bestReport;
  }

  /** The kept epoch, 0 for a model that is not iterative. */
  int bestEpoch() {
    return bestEpoch;
  }

  /** Training wall time up to the kept epoch, evaluations excluded. */
  double bestSeconds() {
    return bestSeconds;
  }

  /** Every evaluated epoch with its validation Recall/NDCG@20. */
  JsonArray trail() {
    return trail;
  }
}
