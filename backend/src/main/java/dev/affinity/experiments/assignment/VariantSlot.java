package dev.affinity.experiments.assignment;

/**
 * One arm of an experiment as the {@link Assigner} sees it: a name and a traffic weight. Weights are relative (they are
 * normalised over the experiment's variants), so {@code 1, 1} and {@code 50, 50} are the same split. A weight of 0 keeps
 * a variant defined but unassigned, which is how an arm is drained without renumbering the others.
 */
public record VariantSlot(String name, double weight) {

  public VariantSlot {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("variant name must not be blank");
    }
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("variant '" + name + "' weight must be a finite number >= 0, got " + weight);
    }
  }
}
