package dev.affinity.recommend.serving;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's {@link Catalogue} per tenant, so filtering candidates needs no SQL. A tenant's catalogue is
 * loaded with one query on first use; a change message ({@link ServingEvents}) re-reads just the ids it
 * names; and after {@link #TTL_NANOS} the whole catalogue is reloaded in the background while the old one
 * keeps serving, which bounds the damage of a lost message.
 *
 * <p>Per tenant, loads and patches run one after another (each queued behind the previous), so a patch
 * never races an older read of the same ids, and a reload started before a change is followed by that
 * change's patch. Requests wait only for the first load and for patches queued before them — that is how
 * a writer's node reads its own writes — never for a background reload. When a patch fails the tenant's
 * catalogue is dropped and read afresh on the next request.
 */
final class CatalogueCache {
  static final long TTL_NANOS = 300_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(CatalogueCache.class);

  private final ServingStore store;
  private final long ttlNanos;
  private final ConcurrentHashMap<TenantId, Slot> slots = new ConcurrentHashMap<>();

  CatalogueCache(ServingStore store, long ttlNanos) {
    this.store = store;
    this.ttlNanos = ttlNanos;
  }

  /** The tenant's catalogue, at once when loaded and no patch is pending. */
  Future<Catalogue> get(TenantId tenant) {
    Slot slot = slots.get(tenant);
    if (slot == null) {
      Slot fresh = new Slot(tenant);
      slot = slots.putIfAbsent(tenant, fresh);
      if (slot == null) {
        slot = fresh;
        fresh.enqueue(true, () -> store.catalogue(tenant).map(items -> {
          fresh.catalogue.replaceAll(items);
          fresh.loadedAtNanos = System.nanoTime();
          LOG.debug("tenant={} catalogue loaded: {} items", tenant, items.size());
          return null;
        }));
      }
    }
    slot.reloadIfOld();
    return slot.ready();
  }

  /** Re-reads these ids of the tenant's catalogue, if this node holds it. */
  void patch(TenantId tenant, Collection<String> ids) {
    Slot slot = slots.get(tenant);
    if (slot == null || ids.isEmpty()) {
      return;
    }
    List<String> copy = List.copyOf(ids);
    slot.enqueue(true, () -> store.catalogueItems(tenant, copy).map(found -> {
      slot.catalogue.patch(copy, found);
      return null;
    }));
  }

  /** One tenant's catalogue and the queue of operations on it. */
  private final class Slot {
    final TenantId tenant;
    final Catalogue catalogue = new Catalogue();
    final Future<Catalogue> loaded = Future.succeededFuture(catalogue);
    /** The last queued operation, never failed, so the queue goes on after a failure. Guarded by this. */
    private Future<Void> tail = Future.succeededFuture();
    /** The last queued operation that requests must wait for, and how many such are pending. Guarded by this. */
    private Future<Catalogue> lastBlocking;
    private int blocking;
    private boolean reloading;
    volatile long loadedAtNanos;

    Slot(TenantId tenant) {
      this.tenant = tenant;
    }

    synchronized Future<Catalogue> ready() {
      return blocking == 0 ? loaded : lastBlocking;
    }

    void reloadIfOld() {
      long loadedAt = loadedAtNanos;
      if (loadedAt == 0 || System.nanoTime() - loadedAt <= ttlNanos) {
        return;
      }
      synchronized (this) {
        if (reloading) {
          return;
        }
        reloading = true;
      }
      enqueue(false, () -> store.catalogue(tenant).map(items -> {
        catalogue.replaceAll(items);
        return (Void) null;
      }).andThen(ar -> {
        // on failure keep serving the patched old catalogue and try again after another TTL
        loadedAtNanos = System.nanoTime();
        synchronized (this) {
          reloading = false;
        }
        if (ar.failed()) {
          LOG.warn("tenant={} catalogue reload failed; keeping the current one", tenant, ar.cause());
        }
      }));
    }

    /** Runs {@code op} after every operation queued before it. */
    synchronized void enqueue(boolean blocks, Supplier<Future<Void>> op) {
      Future<Void> done = tail.compose(ignored -> op.get());
      tail = done.otherwiseEmpty();
      if (!blocks) {
        return;
      }
      blocking++;
      lastBlocking = done.map(catalogue);
      done.onComplete(ar -> {
        synchronized (this) {
          blocking--;
        }
        if (ar.failed()) {
          slots.remove(tenant, this);
          LOG.warn("tenant={} catalogue load or patch failed; it will be read afresh", tenant, ar.cause());
        }
      });
    }
  }
}
