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
    String name = Requests.bodyObject(ctx).getString("model");
    ModelKind kind = null;
    if (name != null) {
      kind = ModelKind.fromWire(name).orElseThrow(() -> ApiProblem.badRequest(
          "Unknown model '" + name + "'; use item-knn or popularity."));
    }
    training.start(tenant, kind, RequestIds.get(ctx))
        .recover(e -> Future.failedFuture(e instanceof TrainingService.UnknownModelException
            ? ApiProblem.conflict(e.getMessage()) : e))
        .onSuccess(jobId -> Responses.json(ctx, 202, new JsonObject().put("jobId", jobId)))
        .onFailure(ctx::fail);
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
