package dev.affinity.experiments.stats;

import java.util.List;

/**
 * The full read-out of an experiment: the sample-ratio check first (if it fails nothing else is trustworthy), then per
 * variant results, the metric decisions are made on, and a plain-language verdict for people who do not read p-values.
 *
 * @param srm the sample-ratio check, or null when it does not apply: an adaptive (bandit) allocation, see
 *     {@link ExperimentAnalysis#analyzeAdaptive}
 * @param sequentialSafe true when the verdict is based on {@link VariantResult#alwaysValidPValue()}, which may be
 *     looked at any number of times; the fixed-horizon {@link VariantResult#pValue()} is reported for reference only
 */
public record ExperimentResults(Srm srm, List<VariantResult> variants, String primaryMetric, boolean sequentialSafe,
    String verdict) {

  public ExperimentResults {
    if (variants == null || variants.isEmpty()) {
      throw new IllegalArgumentException("results need at least one variant");
    }
    variants = List.copyOf(variants);
    if (!ExperimentAnalysis.CTR.equals(primaryMetric) && !ExperimentAnalysis.CONVERSION_RATE.equals(primaryMetric)) {
      throw new IllegalArgumentException("primaryMetric must be 'ctr' or 'conversionRate', got " + primaryMetric);
    }
    if (verdict == null || verdict.isBlank()) {
      throw new IllegalArgumentException("verdict must not be blank");
    }
  }
}
