package dev.affinity.recommend.training;

import dev.affinity.recommend.EventWeights;
import dev.affinity.models.Interactions;
import dev.affinity.models.ItemFeatures;
import dev.affinity.models.InteractionsBuilder;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a training run learns from, built from one SQL pass over the tenant's events: the full
 * user × item matrix the served model is fitted on, plus a temporal holdout for offline metrics — the
 * last 10% (at least one) of the events of each user with at least 5 events, by timestamp. The
 * aggregation and the split happen in PostgreSQL, so Java only ever sees one row per (user, item).
 *
 * @param all   every positive pair (what the served model is fitted on)
 * @param train the pairs of the non-holdout events (what the evaluated model is fitted on)
 * @param test  per user, the items that became positive only in the holdout (what should be predicted)
 */
record TrainingData(Interactions all, Interactions train, Map<String, Set<String>> test) {
  /** Users need at least this many events to contribute holdout events. */
  static final int MIN_EVENTS_FOR_HOLDOUT = 5;
  /** Fraction of each eligible user's most recent events held out. */
  static final double HOLDOUT_FRACTION = 0.1;

  /** One row per (user, item): summed weights of its training and holdout events. $1 = tenant. */
  static final String SQL = "with e as (select user_id, item_id, " + EventWeights.SQL + " as w, "
      + "(extract(epoch from ts) * 1000000)::bigint as t, "
      + "row_number() over (partition by user_id order by ts desc, id desc) as rn, "
      + "count(*) over (partition by user_id) as n "
      + "from events where tenant_id = $1) "
      + "select user_id, item_id, "
      + "coalesce(sum(w) filter (where n < " + MIN_EVENTS_FOR_HOLDOUT + " or rn > ceil(n * " + HOLDOUT_FRACTION + ")), 0) as w_train, "
      + "coalesce(sum(w) filter (where n >= " + MIN_EVENTS_FOR_HOLDOUT + " and rn <= ceil(n * " + HOLDOUT_FRACTION + ")), 0) as w_test, "
      + "coalesce(max(t) filter (where n < " + MIN_EVENTS_FOR_HOLDOUT + " or rn > ceil(n * " + HOLDOUT_FRACTION + ")), 0) as t_train, "
      + "max(t) as t_all "
      + "from e group by user_id, item_id";

  /**
   * The same data carrying the catalogue's item descriptions, for content-based models: active items
   * nobody has interacted with yet become (empty) columns, so those models can recommend them.
   */
  TrainingData withItemFeatures(ItemFeatures features) {
    return new TrainingData(all.withItemFeatures(features), train.withItemFeatures(features), test);
  }

  /** Builds the matrices from the rows of {@link #SQL}. CPU work: call off the event loop. */
  static TrainingData fromRows(Iterable<Row> rows) {
    Collector c = new Collector();
    for (Row r : rows) {
      c.add(r.getString(0), r.getString(1), r.getDouble(2), r.getDouble(3), r.getLong(4), r.getLong(5));
    }
    return c.build();
  }

  /** Accumulates (user, item, train weight, holdout weight) rows; also what unit tests feed directly. */
  static final class Collector {
    private final InteractionsBuilder all = new InteractionsBuilder();
    private final InteractionsBuilder train = new InteractionsBuilder();
    private final Map<String, Set<String>> test = new HashMap<>();
    private long order;

    /** A pair without times: rows keep the order they are added in. */
    Collector add(String user, String item, double wTrain, double wTest) {
      return add(user, item, wTrain, wTest, order, order++);
    }

    /** A pair with the times (any monotone clock) of its latest training and latest event. */
    Collector add(String user, String item, double wTrain, double wTest, long tTrain, long tAll) {
      all.add(user, item, wTrain + wTest, tAll);
      train.add(user, item, wTrain, tTrain);
      if (wTest > 0 && wTrain <= 0 && wTrain + wTest > 0) {
        test.computeIfAbsent(user, k -> new HashSet<>()).add(item);
      }
      return this;
    }

    TrainingData build() {
      return new TrainingData(all.build(), train.build(), test);
    }
  }
}
