package dev.affinity.dashboard;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers on the overview page: one query each, all scoped by tenant and run in parallel, so the page
 * costs one round trip of latency however many figures it shows.
 */
final class OverviewQueries {
  private static final String EVENTS_PER_HOUR = """
      select h.hour, coalesce(c.n, 0) as n
      from generate_series(date_trunc('hour', now(), 'UTC') - interval '23 hours',
                           date_trunc('hour', now(), 'UTC'), interval '1 hour') as h(hour)
      left join (
        select date_trunc('hour', ts, 'UTC') as hour, count(*) as n
        from events
        where tenant_id = $1
          and ts >= date_trunc('hour', now(), 'UTC') - interval '23 hours'
          and ts < date_trunc('hour', now(), 'UTC') + interval '1 hour'
        group by 1
      ) c on c.hour = h.hour
      order by h.hour""";
  private static final String ACTIVE_MODEL = """
      select m.name, m.version, m.created_at
      from tenant_settings s
      join models m on m.tenant_id = s.tenant_id and m.version = s.active_version
      where s.tenant_id = $1""";

  /** What the overview template shows. */
  record Overview(Map<String, Long> counts, List<Map<String, Object>> eventsPerHour, Map<String, Object> model) {
  }

  private final Pool pool;

  OverviewQueries(Pool pool) {
    this.pool = pool;
  }

  Future<Overview> load(TenantId tenant) {
    Tuple t = Tuple.of(tenant.value());
    Future<Long> users = count("select count(*) from users where tenant_id = $1", t);
    Future<Long> items = count("select count(*) from items where tenant_id = $1 and deleted_at is null", t);
    Future<Long> events = count("select count(*) from events where tenant_id = $1", t);
    Future<List<Map<String, Object>>> perHour = pool.preparedQuery(EVENTS_PER_HOUR).execute(t).map(rows -> {
      List<Map<String, Object>> out = new ArrayList<>(24);
      for (Row r : rows) {
        out.add(Map.of("hour", iso(r.getOffsetDateTime("hour")), "count", r.getLong("n")));
      }
      return out;
    });
    Future<Map<String, Object>> model = pool.preparedQuery(ACTIVE_MODEL).execute(t).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return null;
      }
      Row r = it.next();
      Map<String, Object> m = new HashMap<>();
      m.put("name", r.getString("name"));
      m.put("version", r.getLong("version"));
      m.put("trainedAt", iso(r.getOffsetDateTime("created_at")));
      return m;
    });
    return Future.all(users, items, events, perHour, model).map(all -> {
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("users", users.result());
      counts.put("items", items.result());
      counts.put("events", events.result());
      return new Overview(counts, perHour.result(), model.result());
    });
  }

  private Future<Long> count(String sql, Tuple tenant) {
    return pool.preparedQuery(sql).execute(tenant).map(rows -> rows.iterator().next().getLong(0));
  }

  static String iso(OffsetDateTime t) {
    return t == null ? null : t.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
