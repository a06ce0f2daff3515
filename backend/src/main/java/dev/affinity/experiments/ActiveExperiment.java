package dev.affinity.experiments;

import dev.affinity.experiments.assignment.Assigner;
import dev.affinity.experiments.assignment.ExperimentLayout;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * A running experiment as serving needs it: the layout that decides who sees what (built the one way every
 * node builds it, with the tenant's UUID string as tenant id) and what each variant serves. Immutable, so a
 * node can cache it and share it between event loops.
 *
 * @param targeting user attribute → required value (an array: any of its values); empty means everyone
 */
public record ActiveExperiment(String id, ExperimentLayout layout, List<Arm> arms, JsonObject targeting) {

  /** What one variant serves: a {@link dev.affinity.recommend.ModelKind} wire name, parameters, item count. */
  public record Arm(String variant, boolean control, String model, JsonObject params, Integer count) {
  }

  public ActiveExperiment {
    arms = List.copyOf(arms);
    targeting = targeting.copy();
  }

  /** The arm this user sees, or empty when the user is outside the experiment's bucket range. */
  public Optional<Arm> assign(String userId) {
    return Assigner.assign(layout, userId).flatMap(v -> arms.stream().filter(a -> a.variant().equals(v)).findFirst());
  }
}
