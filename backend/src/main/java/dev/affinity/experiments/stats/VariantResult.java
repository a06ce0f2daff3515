package dev.affinity.experiments.stats;

/**
 * Everything the dashboard shows for one variant. Comparative fields ({@code uplift}, {@code pValue},
 * {@code chanceToBeatControl}, {@code alwaysValidPValue}) are {@code null} for the control; {@code uplift} is also
 * {@code null} when the control's rate on the primary metric is 0, because a relative lift over 0 is undefined.
 *
 * @param uplift relative lift (treatment / control − 1) on the primary metric with its 95% interval
 * @param pValue fixed-horizon two-sided pooled two-proportion z-test; valid only if the sample size was fixed upfront
 * @param chanceToBeatControl Bayesian P(rate_variant &gt; rate_control) under Beta(1+x, 1+n−x) posteriors
 * @param alwaysValidPValue mSPRT p-value that stays valid under continuous monitoring; decisions use this one
 */
public record VariantResult(String name, boolean control, long exposures, long users, long clicks, long conversions,
    Interval ctr, Interval conversionRate, Interval uplift, Double pValue, Double chanceToBeatControl,
    Double alwaysValidPValue) {

  public VariantResult {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("variant name must not be blank");
    }
    if (ctr == null || conversionRate == null) {
      throw new IllegalArgumentException("variant '" + name + "' needs ctr and conversionRate intervals");
    }
    if (control && (uplift != null || pValue != null || chanceToBeatControl != null || alwaysValidPValue != null)) {
      throw new IllegalArgumentException("control '" + name + "' has no comparison against itself");
    }
    if (!control && (pValue == null || chanceToBeatControl == null || alwaysValidPValue == null)) {
      throw new IllegalArgumentException("variant '" + name + "' needs pValue, chanceToBeatControl and "
          + "alwaysValidPValue");
    }
  }
}
