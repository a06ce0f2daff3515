package dev.affinity.experiments.stats;

import java.util.List;
import java.util.Map;

/**
 * Pearson chi-square goodness-of-fit of <b>users</b> per variant against the configured weights. Users, not exposures:
 * the user is the unit of randomisation, so user counts are multinomial under correct assignment, while exposures per
 * user are over-dispersed (heavy users) and may legitimately differ between arms when a treatment changes engagement,
 * which would make an exposure-based check raise false alarms.
 */
final class SampleRatio {

  private SampleRatio() {}

  /**
   * The SRM check. Variants with an expected weight but no counts row count as 0 users; a zero-weight variant that has
   * users is an immediate mismatch (p = 0).
   */
  static Srm check(List<VariantCounts> counts, Map<String, Double> expectedWeights) {
    double totalWeight = 0;
    for (double w : expectedWeights.values()) {
      totalWeight += w;
    }
    long totalUsers = 0;
    for (VariantCounts c : counts) {
      totalUsers += c.users();
    }
    if (totalUsers == 0) {
      return new Srm(1, false);
    }
    double statistic = 0;
    int arms = 0;
    for (Map.Entry<String, Double> e : expectedWeights.entrySet()) {
      long observed = users(counts, e.getKey());
      if (e.getValue() == 0) {
        if (observed > 0) {
          return new Srm(0, true);
        }
        continue;
      }
      double expected = totalUsers * e.getValue() / totalWeight;
      statistic += (observed - expected) * (observed - expected) / expected;
      arms++;
    }
    if (arms < 2) {
      return new Srm(1, false);
    }
    double p = SpecialFunctions.chiSquareSurvival(statistic, arms - 1);
    return new Srm(p, p < Srm.THRESHOLD);
  }

  private static long users(List<VariantCounts> counts, String name) {
    for (VariantCounts c : counts) {
      if (c.name().equals(name)) {
        return c.users();
      }
    }
    return 0;
  }
}
