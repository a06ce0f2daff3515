package dev.affinity.experiments.bandit;

import dev.affinity.config.BanditSettings;
import dev.affinity.experiments.stats.ThompsonAllocator;
import dev.affinity.experiments.stats.VariantCounts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that turn a Thompson-sampling experiment's counts into its next traffic weights; pure, so they are
 * tested without a database. {@link ThompsonAllocator} gives each variant the posterior probability that it is the
 * best on the primary metric; this class adds what running it on live traffic needs:
 * <ul>
 *   <li><b>minimum exposures:</b> nothing moves until every variant has {@link BanditSettings#minExposures()}
 *       exposures, so the first clicks of a young experiment cannot swing the split;</li>
 *   <li><b>floor:</b> each variant keeps at least {@link BanditSettings#floor()} of the traffic,
 *       {@code w = floor + (1 − k·floor) · p}, so no arm starves: an arm that was unlucky early keeps collecting
 *       evidence and can recover, and the read-out keeps data on every arm. With {@code k·floor ≥ 1} the split is
 *       simply even;</li>
 *   <li><b>resolution:</b> weights are percentages rounded to 0.01 (one assignment bucket) summing to 100, the
 *       stored form;</li>
 *   <li><b>minimum change:</b> when no weight moves by at least {@value #MIN_CHANGE} percentage point, the weights
 *       stay: every change moves the users near bucket boundaries to another variant, which is not worth a
 *       rounding-level difference.</li>
 * </ul>
 * The sampling seed comes from the caller (the experiment's salt and version), so every node that decides on the
 * same counts decides the same weights.
 */
public final class BanditPolicy {
  /** Joint posterior draws; the Monte Carlo error of a share is at most 0.5 percentage point. */
  public static final int DRAWS = 10_000;
  /** Percentage points a weight must move before a re-allocation is worth moving users. */
  public static final double MIN_CHANGE = 1.0;

  /** What to do with an experiment now. */
  public enum Outcome {
    /** Some variant has fewer exposures than the minimum: look again later. */
    TOO_FEW_EXPOSURES,
    /** The new weights would be (almost) the current ones: keep them. */
    UNCHANGED,
    /** Apply {@link Decision#weights()}. */
    REALLOCATE
  }

  /**
   * @param weights the new weights in percent by variant name (variant order), for {@link Outcome#REALLOCATE}; the
   *     weights computed (and not applied) for {@link Outcome#UNCHANGED}; empty for {@link Outcome#TOO_FEW_EXPOSURES}
   * @param reason  a sentence for the logs
   */
  public record Decision(Outcome outcome, Map<String, Double> weights, String reason) {
    public Decision {
      weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }
  }

  private final long minExposures;
  private final double floor;

  public BanditPolicy(BanditSettings settings) {
    this.minExposures = settings.minExposures();
    this.floor = settings.floor();
  }

  /**
   * The decision for one experiment.
   *
   * @param counts  per variant, in the experiment's order
   * @param current the weights in force, in percent by variant name
   * @param metric  the primary metric, {@code "ctr"} or {@code "conversionRate"}
   * @param seed    the sampling seed (same counts and seed, same weights)
   */
  public Decision decide(List<VariantCounts> counts, Map<String, Double> current, String metric, long seed) {
    for (VariantCounts c : counts) {
      if (c.exposures() < minExposures) {
        return new Decision(Outcome.TOO_FEW_EXPOSURES, Map.of(), "variant '" + c.name() + "' has " + c.exposures()
            + " exposures; every variant needs " + minExposures + " before the first re-allocation");
      }
    }
    Map<String, Double> next = withFloor(ThompsonAllocator.allocate(counts, metric, DRAWS, seed), floor);
    double largest = 0;
    for (Map.Entry<String, Double> w : next.entrySet()) {
      largest = Math.max(largest, Math.abs(w.getValue() - current.getOrDefault(w.getKey(), 0.0)));
    }
    if (largest < MIN_CHANGE) {
      return new Decision(Outcome.UNCHANGED, next, "no weight would move by " + MIN_CHANGE + " point or more");
    }
    return new Decision(Outcome.REALLOCATE, next, "the largest move is " + Math.round(largest * 100) / 100.0
        + " points");
  }

  /**
   * Posterior shares (fractions summing to 1, in variant order) as stored weights: percentages with the floor
   * applied, rounded to 0.01 and summing to 100 (the rounding remainder goes to the largest weight, which is never
   * at the floor).
   */
  static Map<String, Double> withFloor(Map<String, Double> shares, double floor) {
    int k = shares.size();
    double f = Math.min(floor, 1.0 / k);
    Map<String, Double> out = new LinkedHashMap<>();
    long total = 0;
    String largest = null;
    for (Map.Entry<String, Double> s : shares.entrySet()) {
      long hundredths = Math.round((f + (1 - k * f) * s.getValue()) * 10_000);
      out.put(s.getKey(), (double) hundredths);
      total += hundredths;
      if (largest == null || hundredths > out.get(largest)) {
        largest = s.getKey();
      }
    }
    out.merge(largest, (double) (10_000 - total), Double::sum);
    out.replaceAll((name, hundredths) -> hundredths / 100);
    return out;
  }
}
