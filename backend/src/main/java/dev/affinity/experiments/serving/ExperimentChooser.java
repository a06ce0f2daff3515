package dev.affinity.experiments.serving;

import dev.affinity.experiments.ActiveExperiment;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which experiment and variant, if any, a recommendation request is served under: the first running
 * experiment (in layer, then bucket order) whose targeting matches the user and whose layout assigns the user a
 * variant. Warm, it costs no SQL: experiments come from {@link RunningCache}, and user attributes
 * ({@link UserAttributes}) are read only when an experiment with targeting is reached.
 */
public final class ExperimentChooser {
  /** The experiment a request is served under and the arm (variant configuration) the user sees. */
  public record Choice(String experimentId, ActiveExperiment.Arm arm) {
  }

  private static final Future<Choice> NONE = Future.succeededFuture();
  /** {@link #pick} without attributes reached an experiment with targeting: the attributes are needed. */
  private static final Choice NEEDS_ATTRIBUTES = new Choice("", null);

  private final RunningCache running;
  private final UserAttributes attributes;

  public ExperimentChooser(RunningCache running, Pool pool) {
    this.running = running;
    this.attributes = new UserAttributes(pool);
  }

  /** The user's choice, or a null result when the user is in no running experiment. */
  public Future<Choice> choose(TenantId tenant, String userId) {
    return running.of(tenant).compose(all -> {
      if (all.isEmpty()) {
        return NONE;
      }
      Choice c = pick(all, userId, null);
      if (c != NEEDS_ATTRIBUTES) {
        return Future.succeededFuture(c);
      }
      return attributes.of(tenant, userId).map(attrs -> pick(all, userId, attrs));
    });
  }

  /**
   * The first match, or null; with {@code attrs} null (not read yet) it stops at the first experiment with
   * targeting and answers {@link #NEEDS_ATTRIBUTES}, so untargeted-only tenants never read attributes.
   */
  private static Choice pick(List<ActiveExperiment> all, String userId, JsonObject attrs) {
    for (ActiveExperiment e : all) {
      boolean targeted = !e.targeting().isEmpty();
      if (targeted && attrs == null) {
        return NEEDS_ATTRIBUTES;
      }
      if (targeted && !matches(e.targeting(), attrs)) {
        continue;
      }
      Optional<ActiveExperiment.Arm> arm = e.assign(userId);
      if (arm.isPresent()) {
        return new Choice(e.id(), arm.get());
      }
    }
    return null;
  }

  /** Every targeted attribute equals the wanted value, or one of them when the wanted value is an array. */
  static boolean matches(JsonObject targeting, JsonObject attrs) {
    for (Map.Entry<String, Object> t : targeting) {
      Object have = attrs.getValue(t.getKey());
      if (t.getValue() instanceof JsonArray any) {
        boolean found = false;
        for (Object want : any) {
          found |= same(want, have);
        }
        if (!found) {
          return false;
        }
      } else if (!same(t.getValue(), have)) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Object want, Object have) {
    if (want instanceof Number a && have instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return want != null && want.equals(have);
  }
}
