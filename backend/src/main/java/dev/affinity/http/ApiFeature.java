package dev.affinity.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * A slice of the HTTP surface (catalogue, events, recommendations, ...). Each feature attaches its
 * handlers to the OpenAPI operations it implements, and may add plain routes (dashboard pages, static
 * files) to the router after it is built. One handler method per route.
 */
public interface ApiFeature {
  /** Attaches handlers to operations by operationId. */
  default void mountOperations(RouterBuilder api) {
  }

  /** Adds routes that are not part of the OpenAPI contract. */
  default void mountRoutes(Router router) {
  }

  /**
   * Finishes the feature's background work (e.g. flushing buffered writes) while Vert.x and the
   * database are still up; called once when the node stops.
   */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
