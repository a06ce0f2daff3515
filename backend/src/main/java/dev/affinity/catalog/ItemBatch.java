package dev.affinity.catalog;

import dev.affinity.http.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * A validated batch of items laid out as columns, ready for one {@code unnest} statement. Rows are
 * sorted by id so that concurrent batches lock rows in the same order and cannot deadlock. Upsert
 * replaces an item: fields absent from the request take their defaults.
 */
record ItemBatch(String[] ids, String[] categories, String[] attributes, String[] texts, Boolean[] active,
    OffsetDateTime[] timestamps) {

  int size() {
    return ids.length;
  }

  /** Checks what the schema cannot (unique ids, parseable timestamps); throws a 400 naming the field. */
  static ItemBatch from(JsonArray body) {
    int n = body.size();
    Integer[] order = new Integer[n];
    Set<String> seen = new HashSet<>(n * 2);
    for (int i = 0; i < n; i++) {
      String id = body.getJsonObject(i).getString("id");
      if (!seen.add(id)) {
        throw ApiProblem.badRequest("[" + i + "].id: item '" + id + "' appears more than once in this batch;"
            + " send each item once");
      }
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> body.getJsonObject(i).getString("id")));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    ItemBatch b = new ItemBatch(new String[n], new String[n], new String[n], new String[n], new Boolean[n],
        new OffsetDateTime[n]);
    for (int r = 0; r < n; r++) {
      int i = order[r];
      JsonObject item = body.getJsonObject(i);
      b.ids[r] = item.getString("id");
      b.categories[r] = item.getJsonArray("categories", new JsonArray()).encode();
      b.attributes[r] = item.getJsonObject("attributes", new JsonObject()).encode();
      b.texts[r] = item.getString("text");
      b.active[r] = item.getBoolean("active", true);
      b.timestamps[r] = Timestamps.parse(item.getString("timestamp"), "[" + i + "].timestamp", now);
    }
    return b;
  }
}
