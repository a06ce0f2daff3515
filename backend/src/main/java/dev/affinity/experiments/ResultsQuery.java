package dev.affinity.experiments;

import dev.affinity.experiments.stats.VariantCounts;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-variant counts of an experiment, in one query. Units are exposures (served recommendations):
 * {@code clicks} is the number of exposures with at least one click, {@code conversions} the number with at
 * least one purchase, so both are Bernoulli trials bounded by {@code exposures}, as the statistics need;
 * {@code users} is the number of distinct exposed users.
 *
 * <p>An event is attributed to an exposure in one of two ways:
 * <ol>
 *   <li>it carries that exposure's {@code recommendationId} (the normal, exact path);</li>
 *   <li>it carries no recommendation id: then it goes to the <em>latest</em> exposure of the same user in this
 *       experiment at or before the event's timestamp, if that exposure is at most {@code window} older than the
 *       event (24 h by default). Events with an id that matches no exposure of this experiment are not
 *       attributed at all: they belong to another experiment or to unexperimented traffic.</li>
 * </ol>
 */
final class ResultsQuery {
  /** How long after an exposure an event without a recommendation id is still credited to it. */
  static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  /**
   * The attribution rules above as SQL: CTE {@code x} holds the experiment's exposures, {@code direct} and
   * {@code windowed} its attributed click and purchase events as (variant, recommendation_id of the exposure, type).
   * Parameters: $1 tenant, $2 experiment id, $3 window in seconds. Shared with {@link TimelineQuery}, so the results
   * table and the charts count the same things.
   */
  static final String ATTRIBUTED = """
      with x as (
        select recommendation_id, variant, user_id, ts from exposures where tenant_id = $1 and experiment_id = $2
      ),
      direct as (
        select x.variant, x.recommendation_id, ev.type
        from x join events ev on ev.tenant_id = $1 and ev.recommendation_id = x.recommendation_id
        where ev.type in ('click', 'purchase')
      ),
      windowed as (
        select a.variant, a.recommendation_id, ev.type
        from events ev
        cross join lateral (
          select l.variant, l.recommendation_id from exposures l
          where l.tenant_id = $1 and l.experiment_id = $2 and l.user_id = ev.user_id
            and l.ts <= ev.ts and l.ts >= ev.ts - $3::bigint * interval '1 second'
          order by l.ts desc, l.recommendation_id desc limit 1) a
        where ev.tenant_id = $1 and ev.recommendation_id is null and ev.type in ('click', 'purchase')
          and ev.user_id in (select user_id from x)
      )
      """;

  private static final String COUNTS = ATTRIBUTED + """
      , outcomes as (
        select variant,
          count(distinct recommendation_id) filter (where type = 'click') as clicks,
          count(distinct recommendation_id) filter (where type = 'purchase') as conversions
        from (select * from direct union all select * from windowed) o
        group by variant
      ),
      exposed as (
        select variant, count(*) as exposures, count(distinct user_id) as users from x group by variant
      )
      select e.variant, e.exposures, e.users, coalesce(o.clicks, 0) as clicks, coalesce(o.conversions, 0) as conversions
      from exposed e left join outcomes o on o.variant = e.variant""";

  private final Pool pool;

  ResultsQuery(Pool pool) {
    this.pool = pool;
  }

  /** Counts for every variant of the experiment, in its order; variants nobody saw yet get zeros. */
  Future<List<VariantCounts>> counts(TenantId tenant, Experiment experiment, Duration window) {
    return pool.preparedQuery(COUNTS).execute(Tuple.of(tenant.value(), experiment.id(), window.toSeconds()))
        .map(rows -> {
          Map<String, Row> byVariant = new HashMap<>();
          rows.forEach(r -> byVariant.put(r.getString("variant"), r));
          List<VariantCounts> out = new ArrayList<>();
          for (Variant v : experiment.variants()) {
            Row r = byVariant.get(v.name());
            out.add(r == null ? new VariantCounts(v.name(), v.control(), 0, 0, 0, 0)
                : new VariantCounts(v.name(), v.control(), r.getLong("exposures"), r.getLong("users"),
                    r.getLong("clicks"), r.getLong("conversions")));
          }
          return out;
        });
  }
}
