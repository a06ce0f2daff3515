package dev.affinity.simulate;

import dev.affinity.demo.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Buffers simulated events and posts them in batches, each with its own {@code Idempotency-Key}, so that a
 * batch retried after a timeout or a 429 is counted once by the node and the simulator's tally stays exact.
 */
final class EventBatcher {
  private final ApiClient api;
  private final String key;
  private final int batchSize;
  private final String runId;
  private JsonArray pending = new JsonArray();
  private long batches;

  EventBatcher(ApiClient api, String key, int batchSize, String runId) {
    this.api = api;
    this.key = key;
    this.batchSize = batchSize;
    this.runId = runId;
  }

  /** Adds events; posts a batch once {@code batchSize} are waiting. */
  void add(JsonObject... events) {
    JsonArray ready = null;
    String idem = null;
    synchronized (this) {
      for (JsonObject e : events) {
        pending.add(e);
      }
      if (pending.size() >= batchSize) {
        ready = pending;
        pending = new JsonArray();
        idem = runId + "-" + batches++;
      }
    }
    if (ready != null) {
      post(ready, idem);
    }
  }

  /** Posts whatever is waiting. */
  void flush() {
    JsonArray ready;
    String idem;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      ready = pending;
      pending = new JsonArray();
      idem = runId + "-" + batches++;
    }
    post(ready, idem);
  }

  private void post(JsonArray batch, String idem) {
    Retry.call("POST /v1/events", () -> api.send("POST", "/v1/events", key, batch.encode(),
        Map.of("Idempotency-Key", idem)));
  }
}
