package dev.affinity.experiments.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns per-variant counts into the experiment read-out. Per variant: CTR and conversion rate with Wilson intervals;
 * against the control, on the primary metric: relative uplift with a delta-method log-ratio interval, the pooled
 * two-proportion z-test p-value (fixed horizon, for reference), the Bayesian chance to beat control, and the mSPRT
 * always-valid p-value (Johari et al. 2017) that decisions use, because experiment dashboards are peeked at. The
 * sample-ratio-mismatch check (chi-square on users) comes first. See {@link Proportions}, {@link ChanceToBeat},
 * {@link Msprt} and {@link SampleRatio} for the methods. No comparison is corrected for multiple variants; with many
 * arms, read the results with that in mind.
 *
 * <p>Experiments whose weights a bandit moves ({@link ThompsonAllocator}) go through {@link #analyzeAdaptive}: the
 * same per-variant numbers, but no sample-ratio check and a descriptive verdict, because both the check and the
 * frequentist tests assume weights fixed for the whole run.
 */
public final class ExperimentAnalysis {

  public static final String CTR = "ctr";
  public static final String CONVERSION_RATE = "conversionRate";

  private ExperimentAnalysis() {}

  /**
   * Analyses one experiment.
   *
   * @param counts one row per variant, exactly one with {@code control = true}
   * @param expectedWeights configured traffic weights by variant name (relative; need not sum to 1); must cover every
   *     variant in {@code counts}
   * @param primaryMetric {@value #CTR} or {@value #CONVERSION_RATE}
   */
  public static ExperimentResults analyze(List<VariantCounts> counts, Map<String, Double> expectedWeights,
      String primaryMetric) {
    VariantCounts control = validate(counts, expectedWeights, primaryMetric);
    List<VariantResult> results = new ArrayList<>(counts.size());
    for (VariantCounts c : counts) {
      results.add(result(c, control, primaryMetric));
    }
    Srm srm = SampleRatio.check(counts, expectedWeights);
    return new ExperimentResults(srm, results, primaryMetric, true, Verdict.of(srm, control, results, primaryMetric));
  }

  /**
   * Analyses an experiment whose traffic weights were adaptive (re-computed by a bandit during the run). Rates,
   * intervals, uplift and p-values are computed as in {@link #analyze}, but they are indicative only: the p-values
   * and intervals assume each arm's share was fixed, and when the share moves while the base rate drifts (weekdays,
   * campaigns), an arm's pooled rate mixes periods in other proportions than the control's. The sample-ratio check
   * is not run at all ({@link ExperimentResults#srm()} is null): users are not meant to follow any fixed ratio, so
   * it would warn about the bandit working. {@code sequentialSafe} is false and the verdict
   * ({@link AdaptiveVerdict}) leads with the Bayesian chance to beat control, which stays meaningful under adaptive
   * allocation as long as the rates are stable over time.
   *
   * @param currentWeights the weights in force now, by variant name (relative); quoted by the verdict
   */
  public static ExperimentResults analyzeAdaptive(List<VariantCounts> counts, Map<String, Double> currentWeights,
      String primaryMetric) {
    VariantCounts control = validate(counts, currentWeights, primaryMetric);
    List<VariantResult> results = new ArrayList<>(counts.size());
    for (VariantCounts c : counts) {
      results.add(result(c, control, primaryMetric));
    }
    return new ExperimentResults(null, results, primaryMetric, false,
        AdaptiveVerdict.of(control, results, currentWeights, primaryMetric));
  }

  private static VariantResult result(VariantCounts c, VariantCounts control, String metric) {
    Interval ctr = Proportions.wilson(c.clicks(), c.exposures());
    Interval conversion = Proportions.wilson(c.conversions(), c.exposures());
    if (c.control()) {
      return new VariantResult(c.name(), true, c.exposures(), c.users(), c.clicks(), c.conversions(), ctr, conversion,
          null, null, null, null);
    }
    long x0 = CTR.equals(metric) ? control.clicks() : control.conversions();
    long x1 = CTR.equals(metric) ? c.clicks() : c.conversions();
    long n0 = control.exposures();
    long n1 = c.exposures();
    return new VariantResult(c.name(), false, c.exposures(), c.users(), c.clicks(), c.conversions(), ctr, conversion,
        Proportions.relativeUplift(x0, n0, x1, n1), Proportions.twoProportionPValue(x0, n0, x1, n1),
        ChanceToBeat.of(x0, n0, x1, n1), Msprt.alwaysValidPValue(x0, n0, x1, n1));
  }

  private static VariantCounts validate(List<VariantCounts> counts, Map<String, Double> expectedWeights,
      String metric) {
    if (!CTR.equals(metric) && !CONVERSION_RATE.equals(metric)) {
      throw new IllegalArgumentException("primaryMetric must be 'ctr' or 'conversionRate', got " + metric);
    }
    if (counts == null || counts.isEmpty()) {
      throw new IllegalArgumentException("counts must contain at least the control variant");
    }
    if (expectedWeights == null) {
      throw new IllegalArgumentException("expectedWeights must not be null");
    }
    double total = 0;
    for (Map.Entry<String, Double> e : expectedWeights.entrySet()) {
      Double w = e.getValue();
      if (w == null || !Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException("expected weight of '" + e.getKey() + "' must be finite and >= 0, got "
            + w);
      }
      total += w;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("expected weights must sum to more than 0");
    }
    Set<String> names = new HashSet<>();
    VariantCounts control = null;
    for (VariantCounts c : counts) {
      if (c == null) {
        throw new IllegalArgumentException("counts must not contain null rows");
      }
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("duplicate variant '" + c.name() + "' in counts");
      }
      if (!expectedWeights.containsKey(c.name())) {
        throw new IllegalArgumentException("variant '" + c.name() + "' has no expected weight");
      }
      if (c.control()) {
        if (control != null) {
          throw new IllegalArgumentException("exactly one control expected, found '" + control.name() + "' and '"
              + c.name() + "'");
        }
        control = c;
      }
    }
    if (control == null) {
      throw new IllegalArgumentException("exactly one control expected, found none");
    }
    return control;
  }
}
