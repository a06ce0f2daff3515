package dev.affinity.dashboard;

import dev.affinity.http.ApiProblem;
import dev.affinity.http.RequestIds;
import dev.affinity.tenants.TenantException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's failure handler: a person in a browser gets an HTML page with a message they can act on
 * (not the API's problem+json); server faults are logged with the request id and never show internals.
 */
final class ErrorPages {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
  private final Pages pages;

  ErrorPages(Pages pages) {
    this.pages = pages;
  }

  void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    int status;
    String message;
    switch (failure) {
      case DashboardException d -> {
        status = d.status();
        message = d.getMessage();
      }
      case ApiProblem p -> {
        status = p.status();
        message = p.getMessage();
      }
      case TenantException t -> {
        status = t.status();
        message = t.getMessage();
      }
      case null -> {
        status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        message = messageFor(ctx, status);
      }
      default -> {
        if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
          status = ctx.statusCode();
          message = messageFor(ctx, status);
        } else {
          status = 500;
          message = messageFor(ctx, 500);
          LOG.error("request {} {} {} failed", RequestIds.get(ctx), ctx.request().method(), ctx.request().path(), failure);
        }
      }
    }
    send(ctx, status, message);
  }

  /** For dashboard paths no route serves. */
  void notFound(RoutingContext ctx) {
    send(ctx, 404, messageFor(ctx, 404));
  }

  private void send(RoutingContext ctx, int status, String message) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("status", status);
    vars.put("message", message);
    pages.send(ctx, status, "error.html", vars).onFailure(e -> {
      LOG.error("request {} could not render the error page", RequestIds.get(ctx), e);
      HttpServerResponse response = ctx.response();
      if (!response.headWritten()) {
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
      }
    });
  }

  private static String messageFor(RoutingContext ctx, int status) {
    return switch (status) {
      case 400 -> "The request was not understood; go back and check the form.";
      case 403 -> "You are not allowed to do that.";
      case 404 -> "There is no dashboard page at " + ctx.request().path() + ".";
      case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path() + ".";
      case 413 -> "The form is larger than this server accepts.";
      default -> status >= 500
          ? "Something went wrong on our side; the request id is " + RequestIds.get(ctx) + "."
          : "The request failed.";
    };
  }
}
