package dev.affinity.experiments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL shape of experiments: the select list, row mapping, and the variants' bulk insert. */
final class Rows {
  /** Columns of {@code experiments e} plus its variants, in order, as one JSON array. */
  static final String SELECT = """
      select e.id, e.name, e.hypothesis, e.layer, e.range_start, e.range_end, e.salt, e.status, e.primary_metric,
        e.targeting, e.created_at, e.started_at, e.stopped_at, e.version, e.allocation,
        (select coalesce(json_agg(json_build_object('name', v.name, 'weight', v.weight, 'control', v.control,
                  'model', v.model, 'params', v.params, 'count', v.count) order by v.position), '[]'::json)
           from experiment_variants v where v.tenant_id = $1 and v.experiment_id = e.id) as variants
      from experiments e""";

  static final String INSERT_VARIANTS = """
      insert into experiment_variants (tenant_id, experiment_id, position, name, weight, control, model, params, count)
      select $1, $2, p, n, w, c, m, pa::jsonb, k
      from unnest($3::int[], $4::text[], $5::float8[], $6::bool[], $7::text[], $8::text[], $9::int[])
        as t(p, n, w, c, m, pa, k)""";

  private Rows() {
  }

  static Experiment experiment(Row r) {
    List<Variant> variants = new ArrayList<>();
    Object raw = r.getValue("variants");
    JsonArray arr = raw instanceof JsonArray a ? a : new JsonArray(String.valueOf(raw));
    for (Object o : arr) {
      JsonObject v = (JsonObject) o;
      Object params = v.getValue("params");
      variants.add(new Variant(v.getString("name"), v.getDouble("weight"), v.getBoolean("control"),
          v.getString("model"), params instanceof JsonObject p ? p : new JsonObject(), v.getInteger("count")));
    }
    Object targeting = r.getValue("targeting");
    return new Experiment(r.getString("id"), r.getString("name"), r.getString("hypothesis"), r.getString("layer"),
        r.getInteger("range_start"), r.getInteger("range_end"), r.getString("salt"),
        Status.fromWire(r.getString("status")), r.getString("primary_metric"),
        targeting instanceof JsonObject t ? t : new JsonObject(),
        instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("started_at")),
        instant(r.getOffsetDateTime("stopped_at")), r.getInteger("version"), List.copyOf(variants),
        Allocation.fromWire(r.getString("allocation")));
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static Tuple variants(UUID tenant, String experimentId, List<Variant> variants) {
    int n = variants.size();
    Integer[] pos = new Integer[n];
    String[] names = new String[n];
    Double[] weights = new Double[n];
    Boolean[] controls = new Boolean[n];
    String[] models = new String[n];
    String[] params = new String[n];
    Integer[] counts = new Integer[n];
    for (int i = 0; i < n; i++) {
      Variant v = variants.get(i);
      pos[i] = i;
      names[i] = v.name();
      weights[i] = v.weight();
      controls[i] = v.control();
      models[i] = v.model();
      params[i] = v.params().encode();
      counts[i] = v.count();
    }
    return Tuple.tuple().addUUID(tenant).addString(experimentId).addArrayOfInteger(pos).addArrayOfString(names)
        .addArrayOfDouble(weights).addArrayOfBoolean(controls).addArrayOfString(models).addArrayOfString(params)
        .addArrayOfInteger(counts);
  }
}
