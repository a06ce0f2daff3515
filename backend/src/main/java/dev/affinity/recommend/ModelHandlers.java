package dev.affinity.recommend;

import dev.affinity.http.ApiProblem;
import dev.affinity.http.RequestIds;
import dev.affinity.http.Requests;
import dev.affinity.http.Responses;
import dev.affinity.recommend.training.TrainingService;
import dev.affinity.tenants.Scope;
import dev.affinity.tenants.TenantGuard;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The model administration routes (scope admin); one handler per route. */
final class ModelHandlers {
  private final TrainingService training;

  ModelHandlers(TrainingService training) {
    this.training = training;
  }

  void train(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.ADMIN);
    TenantId tenant = TenantGuard.tenant(ctx);
    JsonObject body = Requests.bodyObject(ctx);
    String name = body.getString("model");
    JsonObject params = body.getJsonObject("params", new JsonObject());
    TrainingService.Request request = null;
    if (name != null) {
      request = request(kind(name), params);
    } else if (!params.isEmpty()) {
      throw ApiProblem.badRequest("\"params\" needs \"model\": parameters belong to one model.");
    }
    training.start(tenant, request, RequestIds.get(ctx))
        .recover(e -> Future.failedFuture(e instanceof TrainingService.UnknownModelException
            ? ApiProblem.conflict(e.getMessage()) : e))
        .onSuccess(jobId -> Responses.json(ctx, 202, new JsonObject().put("jobId", jobId)))
        .onFailure(ctx::fail);
  }

  /** {@code PUT /v1/models/default}: the model trained when a train request names none. */
  void setDefault(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.ADMIN);
    TenantId tenant = TenantGuard.tenant(ctx);
    ModelKind kind = kind(Requests.bodyObject(ctx).getString("model"));
    training.repository().setDefaultModel(tenant, kind)
        .onSuccess(v -> Responses.json(ctx, 200, new JsonObject().put("defaultModel", kind.wireName())))
        .onFailure(ctx::fail);
  }

  static ModelKind kind(String name) {
    return ModelKind.fromWire(name).orElseThrow(() -> ApiProblem.badRequest(
        "Unknown model '" + name + "'; use one of " + String.join(", ", ModelKind.wireNames()) + "."));
  }

  /** The request's parameters as strings over the model's defaults; 400 with the algorithm's message. */
  static TrainingService.Request request(ModelKind kind, JsonObject params) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    for (String key : params.fieldNames()) {
      Object v = params.getValue(key);
      if (v instanceof io.vertx.core.json.JsonArray list && !list.isEmpty()
          && list.stream().allMatch(e -> e instanceof Number)) {
        // a list of numbers, such as DiffRec's "dims": [200, 600], in the models' comma form
        values.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
        continue;
      }
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw ApiProblem.badRequest("Parameter '" + key + "' must be a string, number, boolean or list of numbers.");
      }
      values.put(key, String.valueOf(v));
    }
    try {
      return TrainingService.Request.of(kind, values);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("Invalid parameters for " + kind.wireName() + ": " + e.getMessage());
    }
  }

  void job(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.ADMIN);
    TenantId tenant = TenantGuard.tenant(ctx);
    String jobId = Requests.path(ctx, "jobId");
    training.jobs().get(tenant, jobId)
        .onSuccess(job -> {
          if (job == null) {
            ctx.fail(ApiProblem.notFound("No training job '" + jobId + "'."));
            return;
          }
          Responses.json(ctx, 200, job);
        })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.ADMIN);
    TenantId tenant = TenantGuard.tenant(ctx);
    training.repository().list(tenant)
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }
}
