package dev.affinity.experiments;

import dev.affinity.http.ApiProblem;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-variant counts of an experiment per time bucket (UTC hours or days), for the results charts. An outcome
 * is counted in the bucket of the <em>exposure</em> it is attributed to (same rules as {@link ResultsQuery},
 * same SQL: {@link ResultsQuery#ATTRIBUTED}), not of the event, so summing every bucket gives exactly the
 * results table's exposures, clicks and conversions, and a cumulative series ends where the table is.
 * Distinct users are left out: they do not add up across buckets, and the charts do not need them.
 */
final class TimelineQuery {
  private static final String PER_BUCKET = ResultsQuery.ATTRIBUTED + """
      , outcomes as (
        select recommendation_id, bool_or(type = 'click') as clicked, bool_or(type = 'purchase') as converted
        from (select * from direct union all select * from windowed) o
        group by recommendation_id
      )
      select date_trunc($4::text, x.ts, 'UTC') as bucket, x.variant, count(*) as exposures,
        count(*) filter (where o.clicked) as clicks, count(*) filter (where o.converted) as conversions
      from x left join outcomes o on o.recommendation_id = x.recommendation_id
      group by 1, 2
      order by 1, 2""";

  /** A bucket's width. Hours while an experiment is young, days once hours would make a crowded chart. */
  enum Bucket {
    HOUR("hour", Duration.ofHours(1)), DAY("day", Duration.ofDays(1));

    /** Up to this age an experiment is charted by hour unless asked otherwise. */
    static final Duration HOURLY_UNTIL = Duration.ofDays(3);
    /** Hourly charts are refused past this span (they would be hundreds of points, each a full analysis). */
    static final Duration HOURLY_AT_MOST = Duration.ofDays(7);

    private final String wire;
    private final Duration width;

    Bucket(String wire, Duration width) {
      this.wire = wire;
      this.width = width;
    }

    String wireName() {
      return wire;
    }

    Duration width() {
      return width;
    }

    /** "hour" or "day"; null (or "auto") lets {@link #choose} decide; anything else is a 400. */
    static Bucket parse(String name) {
      if (name == null || name.isEmpty() || name.equals("auto")) {
        return null;
      }
      for (Bucket b : values()) {
        if (b.wire.equals(name)) {
          return b;
        }
      }
      throw ApiProblem.badRequest("bucket must be \"hour\", \"day\" or \"auto\"; got '" + name + "'.");
    }

    /** The requested width, else by the experiment's age; never hourly over more than {@link #HOURLY_AT_MOST}. */
    static Bucket choose(Experiment e, Bucket requested) {
      Instant from = e.startedAt() != null ? e.startedAt() : e.createdAt();
      Instant to = e.stoppedAt() != null ? e.stoppedAt() : Instant.now();
      Duration span = Duration.between(from, to);
      if (requested == DAY || span.compareTo(HOURLY_AT_MOST) > 0) {
        return DAY;
      }
      if (requested == HOUR || span.compareTo(HOURLY_UNTIL) <= 0) {
        return HOUR;
      }
      return DAY;
    }
  }

  /** Counts of one variant in one bucket (not cumulative). */
  record Row(Instant bucket, String variant, long exposures, long clicks, long conversions) {
  }

  private final Pool pool;

  TimelineQuery(Pool pool) {
    this.pool = pool;
  }

  /** Buckets with at least one exposure, oldest first. */
  Future<List<Row>> rows(TenantId tenant, Experiment experiment, Duration window, Bucket bucket) {
    return pool.preparedQuery(PER_BUCKET)
        .execute(Tuple.of(tenant.value(), experiment.id(), window.toSeconds(), bucket.wireName()))
        .map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Row(r.getOffsetDateTime("bucket").toInstant(), r.getString("variant"),
              r.getLong("exposures"), r.getLong("clicks"), r.getLong("conversions"))));
          return out;
        });
  }
}
