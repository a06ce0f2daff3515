package dev.affinity.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * Typed access to the parameters and body the OpenAPI validator already checked, so handlers never
 * re-parse raw strings.
 */
public final class Requests {
  private Requests() {
  }

  static ValidatedRequest validated(RoutingContext ctx) {
    ValidatedRequest v = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (v == null) {
      throw new IllegalStateException("route has no validated request: is it in openapi.yaml?");
    }
    return v;
  }

  public static String path(RoutingContext ctx, String name) {
    RequestParameter p = validated(ctx).getPathParameters().get(name);
    return p == null || p.isNull() ? ctx.pathParam(name) : p.getString();
  }

  public static int queryInt(RoutingContext ctx, String name, int fallback) {
    RequestParameter p = validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? fallback : p.getInteger();
  }

  public static boolean queryBool(RoutingContext ctx, String name, boolean fallback) {
    RequestParameter p = validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? fallback : p.getBoolean();
  }

  /** The query parameter, or null when absent. */
  public static String queryString(RoutingContext ctx, String name) {
    RequestParameter p = validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  /** The header, or null when absent. */
  public static String header(RoutingContext ctx, String name) {
    return ctx.request().getHeader(name);
  }

  public static JsonArray bodyArray(RoutingContext ctx) {
    RequestParameter body = validated(ctx).getBody();
    return body == null || body.isNull() ? new JsonArray() : body.getJsonArray();
  }

  /** The JSON object body, or an empty object when the body is optional and absent. */
  public static JsonObject bodyObject(RoutingContext ctx) {
    RequestParameter body = validated(ctx).getBody();
    return body == null || body.isNull() || body.isEmpty() ? new JsonObject() : body.getJsonObject();
  }
}
