package dev.affinity.experiments;

import dev.affinity.experiments.assignment.ExperimentLayout;
import dev.affinity.experiments.assignment.VariantSlot;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side serving uses: a tenant's running experiments with their layouts. One query per call; serving
 * should cache the answer per tenant (experiments change rarely) and refresh it when one starts or stops.
 */
public final class RunningExperiments {
  private static final String RUNNING = Rows.SELECT + " where e.tenant_id = $1 and e.status = 'running'"
      + " order by e.layer, e.range_start";

  private final Pool pool;

  public RunningExperiments(Pool pool) {
    this.pool = pool;
  }

  public Future<List<ActiveExperiment>> of(TenantId tenant) {
    return pool.preparedQuery(RUNNING).execute(Tuple.of(tenant.value())).map(rows -> {
      List<ActiveExperiment> out = new ArrayList<>();
      rows.forEach(r -> out.add(active(tenant, Rows.experiment(r))));
      return out;
    });
  }

  static ActiveExperiment active(TenantId tenant, Experiment e) {
    List<VariantSlot> slots = new ArrayList<>();
    List<ActiveExperiment.Arm> arms = new ArrayList<>();
    for (Variant v : e.variants()) {
      slots.add(new VariantSlot(v.name(), v.weight()));
      arms.add(new ActiveExperiment.Arm(v.name(), v.control(), v.model(), v.params(), v.count()));
    }
    ExperimentLayout layout = new ExperimentLayout(tenant.toString(), e.layer(), e.rangeStart(), e.rangeEnd(),
        e.salt(), slots);
    return new ActiveExperiment(e.id(), layout, arms, e.targeting());
  }
}
