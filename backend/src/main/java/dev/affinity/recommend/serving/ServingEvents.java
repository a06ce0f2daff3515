package dev.affinity.recommend.serving;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data changes that serving caches depend on, announced to every node of the cluster. Writers call
 * these <em>after</em> their transaction committed and before they answer; the serving caches of each
 * node ({@link HistoryCache}, {@link CatalogueCache}) evict or re-read what a message names.
 *
 * <p><b>Consistency model.</b> The writing node applies the change to its own caches before the writer
 * answers (a local request/reply hop of microseconds), so a client reads its own writes on that node.
 * Every other node applies it when the clustered {@code publish} arrives, normally within milliseconds:
 * a node serves data that is at most one message late. A lost message (a node partitioned away, a crash
 * between commit and publish) is bounded by the caches' safety TTLs ({@link HistoryCache#TTL_NANOS},
 * {@link CatalogueCache#TTL_NANOS}), after which everything is re-read from PostgreSQL.
 *
 * <p>Messages are small JSON objects with the tenant and distinct ids only, plus {@code origin}, the
 * sending node's id, so the sender's own cluster consumer skips what it has already applied:
 * <ul>
 *   <li>{@value #EVENTS_INGESTED} {@code {"tenant","users":[..],"newItems":[..]}}</li>
 *   <li>{@value #ITEMS_CHANGED} {@code {"tenant","ids":[..]}}</li>
 *   <li>{@value #USERS_ERASED} {@code {"tenant","users":[..]}}</li>
 * </ul>
 */
public final class ServingEvents {
  /** Events were committed for these users; {@code newItems} are the items the batch created. */
  public static final String EVENTS_INGESTED = "affinity.events.ingested";
  /** Items were inserted, replaced or deleted. */
  public static final String ITEMS_CHANGED = "affinity.items.changed";
  /** Users were erased with all their events. */
  public static final String USERS_ERASED = "affinity.users.erased";
  /** Suffix of the node-local twin of each address, answered once this node's caches have the change. */
  static final String LOCAL = ".local";
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true).setSendTimeout(5_000);
  private static final String NODE_ID_MAP = "affinity.serving";
  private static final Logger LOG = LoggerFactory.getLogger(ServingEvents.class);

  private ServingEvents() {
  }

  /** After an event batch committed: evict these users' histories, learn the items the batch created. */
  public static Future<Void> eventsIngested(Vertx vertx, TenantId tenant, String[] users, String[] newItems) {
    return announce(vertx, EVENTS_INGESTED, tenant, new JsonObject().put("users", array(users))
        .put("newItems", array(newItems)));
  }

  /** After items were upserted or deleted: every node re-reads these ids of its catalogue. */
  public static Future<Void> itemsChanged(Vertx vertx, TenantId tenant, String... ids) {
    return announce(vertx, ITEMS_CHANGED, tenant, new JsonObject().put("ids", array(ids)));
  }

  /** After users were erased: every node forgets their histories (they are cold-start users again). */
  public static Future<Void> usersErased(Vertx vertx, TenantId tenant, String... users) {
    return announce(vertx, USERS_ERASED, tenant, new JsonObject().put("users", array(users)));
  }

  /**
   * Publishes to the cluster, then applies the change here through the local twin address. The future
   * never fails: the data is committed either way, and the TTLs repair a cache that missed the change.
   */
  private static Future<Void> announce(Vertx vertx, String address, TenantId tenant, JsonObject body) {
    body.put("tenant", tenant.toString()).put("origin", nodeId(vertx));
    vertx.eventBus().publish(address, body);
    return vertx.eventBus().request(address + LOCAL, body, LOCAL_ONLY).<Void>mapEmpty().recover(e -> {
      if (!(e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS)) {
        LOG.warn("tenant={} could not apply {} to this node's serving caches", tenant, address, e);
      }
      return Future.succeededFuture();
    });
  }

  /** This node's id (one per Vert.x instance): lets a node recognise its own published messages. */
  static String nodeId(Vertx vertx) {
    LocalMap<String, String> map = vertx.sharedData().getLocalMap(NODE_ID_MAP);
    String id = map.get("nodeId");
    if (id == null) {
      String mine = UUID.randomUUID().toString();
      id = map.putIfAbsent("nodeId", mine);
      return id == null ? mine : id;
    }
    return id;
  }

  private static JsonArray array(String[] ids) {
    return new JsonArray(new ArrayList<>(Arrays.asList(ids)));
  }

  /** The strings of a message's array field (empty when absent). */
  static Collection<String> strings(JsonObject body, String field) {
    JsonArray a = body.getJsonArray(field);
    if (a == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(a.getString(i));
    }
    return out;
  }
}
