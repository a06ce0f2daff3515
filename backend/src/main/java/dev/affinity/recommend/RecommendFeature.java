package dev.affinity.recommend;

import dev.affinity.app.Services;
import dev.affinity.experiments.exposure.ExposureLog;
import dev.affinity.experiments.serving.ExperimentChooser;
import dev.affinity.http.ApiFeature;
import dev.affinity.recommend.serving.ModelRegistry;
import dev.affinity.recommend.serving.Recommender;
import dev.affinity.recommend.training.TrainingService;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Recommendations and models: serving ({@code /v1/users/{id}/recommendations}, {@code /v1/items/{id}/similar},
 * {@code /v1/items/popular}) and training ({@code /v1/models...}). Built once per node, it owns the node's
 * {@link ModelRegistry} (with its cluster-wide activation listener, unregistered when Vert.x closes) and the
 * training worker pool, shared by every HTTP verticle instance. Experiments are served through the
 * experiments feature's chooser and exposure log, handed in by {@code Features}.
 */
public final class RecommendFeature implements ApiFeature {
  private final RecommendHandlers recommend;
  private final ModelHandlers models;
  private final TrainingService training;

  public RecommendFeature(Services services, ExperimentChooser experiments, ExposureLog exposures) {
    ModelRegistry registry = new ModelRegistry(services.vertx(), services.pool(),
        (tenant, model) -> services.metrics().modelServed(tenant, model.model().kind().wireName(), model.version()));
    this.training = new TrainingService(services.vertx(), services.pool(), registry);
    this.recommend = new RecommendHandlers(new Recommender(registry), experiments, exposures);
    this.models = new ModelHandlers(training);
  }

  /** The node's training service, shared with the dashboard's models page. */
  public TrainingService training() {
    return training;
  }

  @Override
  public void mountOperations(RouterBuilder api) {
    // RecommendHandlers checks these few parameters itself: the generic validator costs more than the answer
    api.getRoute("recommendForUser").setDoValidation(false).addHandler(recommend::forUser);
    api.getRoute("similarItems").setDoValidation(false).addHandler(recommend::similar);
    api.getRoute("popularItems").setDoValidation(false).addHandler(recommend::popular);
    api.getRoute("trainModel").addHandler(models::train);
    api.getRoute("getTrainingJob").addHandler(models::job);
    api.getRoute("listModels").addHandler(models::list);
    api.getRoute("setDefaultModel").addHandler(models::setDefault);
  }
}
