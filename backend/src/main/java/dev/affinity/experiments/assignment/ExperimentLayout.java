package dev.affinity.experiments.assignment;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything that decides who sees which variant, and nothing else. Layered ("overlapping") experiment design after
 * Tang et al., "Overlapping Experiment Infrastructure" (KDD 2010): every user hashes to one of {@link Assigner#BUCKETS}
 * buckets per (tenant, layer); an experiment owns the half-open bucket range {@code [rangeStart, rangeEnd)} of its
 * layer, so experiments in one layer with disjoint ranges are mutually exclusive, while experiments in different layers
 * are independent. {@code salt} (normally the experiment id) seeds the variant split so that two experiments never
 * split the same users the same way. Names, hypotheses and metrics are deliberately absent: editing them cannot move a
 * user.
 *
 * @param rangeEnd exclusive; {@code rangeEnd - rangeStart} is the coverage in basis points (3000 = 30% of the layer).
 *     An empty range ({@code rangeStart == rangeEnd}) is allowed and assigns nobody.
 */
public record ExperimentLayout(String tenantId, String layer, int rangeStart, int rangeEnd, String salt,
    List<VariantSlot> variants) {

  public ExperimentLayout {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("tenantId must not be blank");
    }
    if (layer == null || layer.isBlank()) {
      throw new IllegalArgumentException("layer must not be blank");
    }
    if (rangeStart < 0 || rangeEnd > Assigner.BUCKETS || rangeStart > rangeEnd) {
      throw new IllegalArgumentException("bucket range must satisfy 0 <= rangeStart <= rangeEnd <= " + Assigner.BUCKETS
          + ", got [" + rangeStart + ", " + rangeEnd + ")");
    }
    if (salt == null || salt.isBlank()) {
      throw new IllegalArgumentException("salt must not be blank");
    }
    if (variants == null || variants.isEmpty()) {
      throw new IllegalArgumentException("an experiment needs at least one variant");
    }
    variants = List.copyOf(variants);
    Set<String> names = new HashSet<>();
    double total = 0;
    for (VariantSlot v : variants) {
      if (!names.add(v.name())) {
        throw new IllegalArgumentException("duplicate variant name '" + v.name() + "'");
      }
      total += v.weight();
    }
    if (!(total > 0) || !Double.isFinite(total)) {
      throw new IllegalArgumentException("variant weights must sum to a finite number > 0, got " + total);
    }
  }

  /** Fraction of the layer's users this experiment covers, in [0, 1]. */
  public double coverage() {
    return (rangeEnd - rangeStart) / (double) Assigner.BUCKETS;
  }
}
