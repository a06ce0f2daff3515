package dev.affinity.recommend.serving;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's serving caches (histories and catalogues) and the listeners that keep them fresh: for each
 * {@link ServingEvents} address a clustered consumer (changes made on other nodes; this node's own
 * messages are skipped by {@code origin}) and a node-local twin that the writer on this node awaits before
 * answering. See {@link ServingEvents} for the consistency model.
 */
final class ServingCaches {
  private static final Logger LOG = LoggerFactory.getLogger(ServingCaches.class);

  final HistoryCache histories;
  final CatalogueCache catalogues;
  private final String nodeId;
  /** Kept so the registrations live as long as the caches; Vert.x unregisters them on close. */
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  ServingCaches(Vertx vertx, ServingStore store) {
    this(vertx, store, HistoryCache.DEFAULT_CAPACITY, HistoryCache.TTL_NANOS, CatalogueCache.TTL_NANOS);
  }

  ServingCaches(Vertx vertx, ServingStore store, int historyCapacity, long historyTtlNanos, long catalogueTtlNanos) {
    this.histories = new HistoryCache(historyCapacity, historyTtlNanos, store::history);
    this.catalogues = new CatalogueCache(store, catalogueTtlNanos);
    this.nodeId = ServingEvents.nodeId(vertx);
    listen(vertx, ServingEvents.EVENTS_INGESTED, (tenant, body) -> {
      histories.evict(tenant, ServingEvents.strings(body, "users"));
      catalogues.patch(tenant, ServingEvents.strings(body, "newItems"));
    });
    listen(vertx, ServingEvents.ITEMS_CHANGED, (tenant, body) -> catalogues.patch(tenant,
        ServingEvents.strings(body, "ids")));
    listen(vertx, ServingEvents.USERS_ERASED, (tenant, body) -> histories.evict(tenant,
        ServingEvents.strings(body, "users")));
  }

  private void listen(Vertx vertx, String address, BiConsumer<TenantId, JsonObject> apply) {
    consumers.add(vertx.eventBus().<JsonObject>consumer(address, msg -> {
      if (!nodeId.equals(msg.body() == null ? null : msg.body().getString("origin"))) {
        handle(address, msg, apply);
      }
    }));
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(address + ServingEvents.LOCAL, msg -> {
      handle(address, msg, apply);
      msg.reply(null);
    }));
  }

  private static void handle(String address, Message<JsonObject> msg, BiConsumer<TenantId, JsonObject> apply) {
    JsonObject body = msg.body();
    Optional<TenantId> tenant = TenantId.parse(body == null ? null : body.getString("tenant"));
    if (tenant.isEmpty()) {
      LOG.warn("ignoring malformed {} message {}", address, body);
      return;
    }
    try {
      apply.accept(tenant.get(), body);
    } catch (RuntimeException e) {
      LOG.warn("tenant={} could not apply {} message", tenant.get(), address, e);
    }
  }
}
