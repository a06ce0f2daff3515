package dev.affinity.http;

import dev.affinity.tenants.RateLimitedException;
import dev.affinity.tenants.TenantException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: maps every typed error to an RFC 9457 {@code application/problem+json}
 * response. Bad input of any kind is a 4xx with a detail naming what to fix; only genuine server faults
 * are 5xx, and those are logged with the request id while the client sees no internals.
 */
public final class ProblemHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    int status;
    String title;
    String detail;
    switch (failure) {
      case ApiProblem p -> {
        status = p.status();
        title = p.title();
        detail = p.getMessage();
      }
      case TenantException t -> {
        status = t.status();
        title = t.title();
        detail = t.getMessage();
        if (t instanceof RateLimitedException r) {
          ctx.response().putHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
        }
      }
      case SchemaValidationException s -> {
        status = 400;
        title = "Invalid request";
        detail = SchemaErrors.describe(s);
      }
      case ValidatorException v -> {
        status = 400;
        title = "Invalid request";
        detail = SchemaErrors.describe(v);
      }
      case HttpException h when h.getCause() instanceof ValidatorException v -> {
        // the OpenAPI router wraps the validator's error in a bare 400 whose message is "Bad Request"
        status = 400;
        title = "Invalid request";
        detail = SchemaErrors.describe(v);
      }
      case DecodeException d -> {
        status = 400;
        title = "Malformed JSON";
        detail = "The request body is not valid JSON: " + d.getMessage();
      }
      case IllegalArgumentException i when ctx.statusCode() == 400 -> {
        status = 400;
        title = "Invalid request";
        detail = i.getMessage();
      }
      case null -> {
        status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        title = titleFor(status);
        detail = detailFor(ctx, status);
      }
      default -> {
        if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
          status = ctx.statusCode();
          title = titleFor(status);
          detail = failure.getMessage() == null ? detailFor(ctx, status) : failure.getMessage();
        } else {
          status = 500;
          title = "Internal error";
          detail = "Something went wrong on our side; the request id is " + RequestIds.get(ctx) + ".";
          LOG.error("request {} tenant {} {} {} failed", RequestIds.get(ctx), RequestIds.tenantForLog(ctx),
              ctx.request().method(), ctx.request().path(), failure);
        }
      }
    }
    send(ctx, status, title, detail);
  }

  /** Writes a problem response; also used for 404/405 of unmatched routes. */
  public static void send(RoutingContext ctx, int status, String title, String detail) {
    JsonObject body = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("instance", ctx.request().path());
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(body.encode());
  }

  private static String titleFor(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Payload too large";
      case 415 -> "Unsupported media type";
      case 429 -> "Too many requests";
      default -> status >= 500 ? "Internal error" : "Request failed";
    };
  }

  private static String detailFor(RoutingContext ctx, int status) {
    return switch (status) {
      case 404 -> "No resource at " + ctx.request().path() + ".";
      case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path() + ".";
      case 413 -> "The request body is larger than this server accepts; send smaller batches.";
      case 415 -> "Send the body as application/json.";
      default -> titleFor(status) + ".";
    };
  }
}
