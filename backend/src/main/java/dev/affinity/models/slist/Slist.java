package dev.affinity.models.slist;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import dev.affinity.models.ease.Ease;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A sequence-aware linear item×item model after SLIST (Choi et al., WWW 2021), for users' timelines
 * rather than sessions: two closed-form item×item matrices whose scores are blended.
 *
 * <ul>
 *   <li><b>Whole history, recent items first</b>: EDLAE weights (see {@link Ease}) applied to the
 *       history with each item weighted {@code recencyFloor + (1 − recencyFloor)·recencyDecay^age}
 *       (age 0 = the user's most recent item) — what a user did last says more about what comes next.
 *   <li><b>What follows what</b>: a ridge regression from a decayed window of the last {@code context}
 *       items ({@code transitionDecay^age}) to the next {@code horizon} items, fitted on every
 *       {@code stride}-th position of every training timeline:
 *       {@code B_t = (SᵀS + transitionLambda·I)⁻¹ SᵀT}.
 * </ul>
 *
 * Each part's scores are divided by their standard deviation on a sample of training users and the
 * two are mixed by {@code transitionWeight}, both folded into the stored matrices at fit time. The
 * model needs the order of each user's items ({@link Interactions#withRecency}): the evaluator takes
 * it from the file order, the service from event timestamps. On MovieLens-1M (DiffRec's temporal
 * split) this lifts Recall@20 from EASE's 0.117 to about 0.15 — see docs/benchmarks/models.md.
 */
public final class Slist implements Algorithm<Slist.Options> {

  public static final String NAME = "slist";

  /**
   * @param lambda           EDLAE's L2 regularisation (> 0)
   * @param dropout          EDLAE's emulated input dropout in [0, 1)
   * @param recencyDecay     per-step decay of history weights in the EDLAE part, in (0, 1]
   * @param recencyFloor     weight every history item keeps however old, in [0, 1]
   * @param transitionLambda ridge regularisation of the transition regression (> 0)
   * @param context          how many recent items feed the transition part (≥ 1)
   * @param horizon          how many following items the transition part learns to predict (≥ 1)
   * @param transitionDecay  per-step decay of context weights, in (0, 1]
   * @param stride           fit the transition part on every stride-th timeline position (≥ 1)
   * @param transitionWeight share of the transition part in the blend, in [0, 1]
   * @param maxItems         refuse catalogues larger than this (two n×n matrices)
   */
  public record Options(double lambda, double dropout, double recencyDecay, double recencyFloor,
      double transitionLambda, int context, int horizon, double transitionDecay, int stride,
      double transitionWeight, int maxItems) {
    public Options {
      Params.require(lambda > 0 && Double.isFinite(lambda), "slist: lambda must be > 0, got " + lambda);
      Params.require(dropout >= 0 && dropout < 1, "slist: dropout must be in [0, 1), got " + dropout);
      Params.require(recencyDecay > 0 && recencyDecay <= 1, "slist: recencyDecay must be in (0, 1], got " + recencyDecay);
      Params.require(recencyFloor >= 0 && recencyFloor <= 1, "slist: recencyFloor must be in [0, 1], got " + recencyFloor);
      Params.require(transitionLambda > 0 && Double.isFinite(transitionLambda),
          "slist: transitionLambda must be > 0, got " + transitionLambda);
      Params.require(context >= 1 && context <= 1000, "slist: context must be in [1, 1000], got " + context);
      Params.require(horizon >= 1 && horizon <= 1000, "slist: horizon must be in [1, 1000], got " + horizon);
      Params.require(transitionDecay > 0 && transitionDecay <= 1,
          "slist: transitionDecay must be in (0, 1], got " + transitionDecay);
      Params.require(stride >= 1, "slist: stride must be >= 1, got " + stride);
      Params.require(transitionWeight >= 0 && transitionWeight <= 1,
          "slist: transitionWeight must be in [0, 1], got " + transitionWeight);
      Params.require(maxItems >= 1 && maxItems <= 46_340,
          "slist: maxItems must be in [1, 46340] (n² must fit an array), got " + maxItems);
    }

    /** Weight of a history item of this age in the EDLAE part. */
    double recencyWeight(int age) {
      return recencyFloor + (1 - recencyFloor) * Math.pow(recencyDecay, age);
    }

    /** Weight of a history item of this age in the transition part (0 outside the context). */
    double contextWeight(int age) {
      return age < context ? Math.pow(transitionDecay, age) : 0;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(p.getDouble("lambda", 1000), p.getDouble("dropout", 0.4),
        p.getDouble("recencyDecay", 0.7), p.getDouble("recencyFloor", 0.2),
        p.getDouble("transitionLambda", 100), p.getInt("context", 20), p.getInt("horizon", 20),
        p.getDouble("transitionDecay", 0.8), p.getInt("stride", 2), p.getDouble("transitionWeight", 0.5),
        p.getInt("maxItems", 30_000));
    p.checkNoneLeft();
    return o;
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    int n = x.numItems();
    if (n > o.maxItems()) {
      throw new IllegalArgumentException("slist: " + n + " items exceed maxItems=" + o.maxItems()
          + " (slist keeps two n×n dense matrices; raise maxItems or use itemknn/rp3beta/ials)");
    }
    if (!x.hasRecency()) {
      throw new IllegalArgumentException("slist: needs the order of each user's items (event times)");
    }
    Training.Progress progress = training.progress();
    float[] history = Ease.weights(x, o.lambda(), o.dropout(),
        new Training(training.threads(), (stage, f) -> progress.update(stage, 0.4 * f)));
    float[] transition = Transitions.fit(x, o, training.threads());
    progress.update("slist transitions", 0.9);
    SlistModel unscaled = new SlistModel(x, o, history, transition);
    SlistModel model = unscaled.blended();
    progress.update("slist", 1.0);
    return model;
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    Interactions data = Interactions.read(in);
    int[] ages = Io.readInts(in);
    Options o = new Options(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
        in.readDouble(), in.readInt(), in.readInt(), in.readDouble(), in.readInt(), in.readDouble(),
        in.readInt());
    return new SlistModel(data.withRecency(ages), o, Io.readFloats(in), Io.readFloats(in));
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(Map.of(), Map.of("transitionWeight", "0.3"), Map.of("transitionWeight", "0.7"),
        Map.of("recencyDecay", "0.8"), Map.of("recencyFloor", "0.1"), Map.of("transitionDecay", "0.9"),
        Map.of("horizon", "40"), Map.of("context", "10"), Map.of("lambda", "400", "dropout", "0"));
  }
}
