package dev.affinity.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link SyntheticCatalog} into request bodies of the public API ({@code POST /v1/items},
 * {@code /v1/users}, {@code /v1/events}), in batches no larger than the contract allows. Shared by the
 * demo seeder and the benchmarks so both send exactly what a client would.
 */
public final class CatalogJson {
  /** Contract limit of {@code POST /v1/items} and {@code /v1/users}. */
  public static final int MAX_CATALOG_BATCH = 1000;

  private CatalogJson() {
  }

  /** {@code POST /v1/items} bodies. */
  public static List<String> itemBatches(SyntheticCatalog data) {
    List<String> out = new ArrayList<>();
    JsonArray batch = new JsonArray();
    for (SyntheticCatalog.Item item : data.items()) {
      batch.add(new JsonObject()
          .put("id", item.id())
          .put("categories", new JsonArray().add(item.category()))
          .put("attributes", new JsonObject().put("title", item.title()))
          .put("text", item.text()));
      if (batch.size() == MAX_CATALOG_BATCH) {
        out.add(batch.encode());
        batch = new JsonArray();
      }
    }
    if (!batch.isEmpty()) {
      out.add(batch.encode());
    }
    return out;
  }

  /** {@code POST /v1/users} bodies. */
  public static List<String> userBatches(SyntheticCatalog data) {
    List<String> out = new ArrayList<>();
    JsonArray batch = new JsonArray();
    for (String id : data.userIds()) {
      batch.add(new JsonObject().put("id", id).put("attributes", new JsonObject().put("source", "synthetic")));
      if (batch.size() == MAX_CATALOG_BATCH) {
        out.add(batch.encode());
        batch = new JsonArray();
      }
    }
    if (!batch.isEmpty()) {
      out.add(batch.encode());
    }
    return out;
  }

  /** {@code POST /v1/events} bodies of at most {@code size} events each. */
  public static List<String> eventBatches(List<SyntheticCatalog.Event> events, int size) {
    List<String> out = new ArrayList<>(events.size() / size + 1);
    for (int from = 0; from < events.size(); from += size) {
      JsonArray batch = new JsonArray();
      for (SyntheticCatalog.Event e : events.subList(from, Math.min(events.size(), from + size))) {
        batch.add(new JsonObject()
            .put("userId", e.userId())
            .put("itemId", e.itemId())
            .put("type", e.type())
            .put("timestamp", e.timestamp().toString()));
      }
      out.add(batch.encode());
    }
    return out;
  }
}
