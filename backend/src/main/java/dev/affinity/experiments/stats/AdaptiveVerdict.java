package dev.affinity.experiments.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain-language summary of an experiment whose weights a bandit moved (see
 * {@link ExperimentAnalysis#analyzeAdaptive}). It describes rather than tests: it says first that the allocation is
 * adaptive and what that costs (no sample-ratio check, p-values indicative only), then which variant leads on the
 * primary metric with its Bayesian chance to beat control, then the weights in force, and it ends by pointing to a
 * fixed-allocation experiment for a decision that needs a valid test. It never says "beats": declaring a winner is
 * what the fixed-weight verdict ({@link Verdict}) does with an always-valid p-value, which adaptive weights void.
 */
final class AdaptiveVerdict {

  private AdaptiveVerdict() {}

  static String of(VariantCounts control, List<VariantResult> results, Map<String, Double> weights, String metric) {
    String label = ExperimentAnalysis.CTR.equals(metric) ? "CTR" : "conversion rate";
    List<String> sentences = new ArrayList<>();
    sentences.add("Traffic is allocated adaptively (Thompson sampling on " + label + "), so this read-out describes"
        + " rather than tests: the sample-ratio check does not apply, and the p-values and intervals assume fixed"
        + " weights, so treat them as indicative.");
    VariantResult leader = null;
    for (VariantResult r : results) {
      if (r.exposures() > 0 && (leader == null || rate(r, metric) > rate(leader, metric))) {
        leader = r;
      }
    }
    if (leader == null) {
      sentences.add("No exposures yet.");
    } else if (leader.control()) {
      sentences.add("The control " + control.name() + " leads on " + label + " at " + percent(rate(leader, metric))
          + ".");
    } else {
      VariantResult controlResult = results.stream().filter(VariantResult::control).findFirst().orElseThrow();
      String head = leader.name() + " leads on " + label + " at " + percent(rate(leader, metric));
      sentences.add(controlResult.exposures() == 0 ? head + "; the control " + control.name() + " has no exposures yet."
          : head + " against " + percent(rate(controlResult, metric)) + " for the control " + control.name() + ", "
              + Verdict.chance(leader.chanceToBeatControl()) + " chance to beat control.");
    }
    sentences.add("Current weights: " + weightsText(results, weights) + ".");
    sentences.add("To confirm a winner with a valid test, compare it with the control in a fixed-allocation"
        + " experiment.");
    return String.join(" ", sentences);
  }

  private static double rate(VariantResult r, String metric) {
    return ExperimentAnalysis.CTR.equals(metric) ? r.ctr().value() : r.conversionRate().value();
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  /** "A 5%, B 95%": relative weights as percentages of their sum, in variant order. */
  private static String weightsText(List<VariantResult> results, Map<String, Double> weights) {
    double total = 0;
    for (double w : weights.values()) {
      total += w;
    }
    List<String> parts = new ArrayList<>();
    for (VariantResult r : results) {
      double share = weights.get(r.name()) / total * 100;
      parts.add(r.name() + " " + (Math.abs(share - Math.rint(share)) < 0.005
          ? String.format(Locale.ROOT, "%.0f%%", share) : String.format(Locale.ROOT, "%.2f%%", share)));
    }
    return String.join(", ", parts);
  }
}
