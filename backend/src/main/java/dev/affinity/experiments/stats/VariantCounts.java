package dev.affinity.experiments.stats;

/**
 * Aggregated outcome counts of one variant, the input of {@link ExperimentAnalysis}. Rates are per exposure, so
 * {@code clicks} and {@code conversions} must count <em>exposures with at least one click / conversion</em> (distinct
 * {@code recommendationId}s), not raw events; that keeps them Bernoulli trials and bounded by {@code exposures}.
 * {@code users} counts distinct users exposed and feeds the sample-ratio check, because the user is the unit of
 * randomisation.
 */
public record VariantCounts(String name, boolean control, long exposures, long users, long clicks, long conversions) {

  public VariantCounts {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("variant name must not be blank");
    }
    if (exposures < 0 || users < 0 || clicks < 0 || conversions < 0) {
      throw new IllegalArgumentException("counts of variant '" + name + "' must be >= 0");
    }
    if (clicks > exposures) {
      throw new IllegalArgumentException("variant '" + name + "' has more clicked exposures (" + clicks
          + ") than exposures (" + exposures + "); count distinct clicked recommendations");
    }
    if (conversions > exposures) {
      throw new IllegalArgumentException("variant '" + name + "' has more converted exposures (" + conversions
          + ") than exposures (" + exposures + "); count distinct converted recommendations");
    }
  }
}
