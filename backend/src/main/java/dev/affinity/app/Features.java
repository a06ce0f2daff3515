package dev.affinity.app;

import dev.affinity.http.ApiFeature;
import dev.affinity.ops.OpsFeature;
import dev.affinity.tenancy.ApiKeysFeature;
import dev.affinity.tenancy.TenantsFeature;
import java.util.List;

/** The list of HTTP features this node serves; adding a feature means adding one line here. */
final class Features {
  private Features() {
  }

  static List<ApiFeature> create(Services s) {
    // built first: serving records exposures and picks variants through it
    var experiments = new dev.affinity.experiments.ExperimentsFeature(s);
    // built before the dashboard, whose models page trains through it
    var recommend = new dev.affinity.recommend.RecommendFeature(s, experiments.chooser(), experiments.exposureLog());
    return List.of(
        new OpsFeature(s),
        new TenantsFeature(s),
        new ApiKeysFeature(s),
        new dev.affinity.dashboard.DashboardFeature(s, experiments.service(), recommend.training()),
        new dev.affinity.catalog.CatalogFeature(s),
        new dev.affinity.events.EventsFeature(s),
        experiments,
        recommend);
  }
}
