package dev.affinity.dashboard;

import dev.affinity.experiments.ExperimentService;
import dev.affinity.http.ApiProblem;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Creating and editing experiments in the dashboard. The form becomes the API's JSON body
 * ({@link ExperimentForm}) and goes to {@link ExperimentService}, so the rules and their messages are the API's:
 * a refused form (400, or 409 for a layer without room, an edit a started experiment forbids, or a stale
 * version) is shown again with the message above it and everything the admin typed still in place.
 *
 * <p>Editing follows the API: a draft may change anything; once started, only name, hypothesis and primary metric
 * can change, so the form shows the rest read-only and sends only those. The form carries the version it was
 * based on, so two admins editing at once cannot silently overwrite each other.
 */
final class ExperimentFormPages {
  private final ExperimentService experiments;
  private final Pages pages;
  private final Csrf csrf;
  private final BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession;

  ExperimentFormPages(ExperimentService experiments, Pages pages, Csrf csrf,
      BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession) {
    this.experiments = experiments;
    this.pages = pages;
    this.csrf = csrf;
    this.withSession = withSession;
  }

  /** {@code GET /dashboard/experiments/new}. */
  void newForm(RoutingContext ctx) {
    withSession.accept(ctx, session -> render(ctx, session, 200, ExperimentForm.blank(), null, null)
        .onFailure(ctx::fail));
  }

  /** {@code POST /dashboard/experiments}: creates a draft and shows its page, or the form again with the reason. */
  void create(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      ExperimentForm form = ExperimentForm.fromForm(ctx.request().formAttributes());
      experiments.create(session.tenant().id(), form.body(), session.admin().subject())
          .compose(e -> Pages.redirect(ctx, ExperimentsPages.resultsUrl(e.getString("id"))),
              err -> refused(err) ? render(ctx, session, ((ApiProblem) err).status(), form, null, err.getMessage())
                  : Future.failedFuture(err))
          .onFailure(ctx::fail);
    });
  }

  /** {@code GET /dashboard/experiments/:id/edit}. */
  void editForm(RoutingContext ctx) {
    withSession.accept(ctx, session -> experiments.get(session.tenant().id(), ctx.pathParam("id"))
        .compose(e -> render(ctx, session, 200, ExperimentForm.fromExperiment(e), e, null))
        .onFailure(ctx::fail));
  }

  /** {@code POST /dashboard/experiments/:id}: saves an edit, or shows the form again with the reason. */
  void update(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      TenantId tenant = session.tenant().id();
      String id = ctx.pathParam("id");
      ExperimentForm form = ExperimentForm.fromForm(ctx.request().formAttributes());
      experiments.get(tenant, id).compose(current -> {
        JsonObject body = "draft".equals(current.getString("status")) ? form.body() : form.startedBody();
        return experiments.update(tenant, id, body, session.admin().subject())
            .compose(e -> Pages.redirect(ctx, ExperimentsPages.resultsUrl(id)),
                err -> refused(err) ? render(ctx, session, ((ApiProblem) err).status(), form, current, err.getMessage())
                    : Future.failedFuture(err));
      }).onFailure(ctx::fail);
    });
  }

  /** Bad input and conflicts are the admin's to fix on the form; a 404 and server faults go to the error page. */
  private static boolean refused(Throwable err) {
    return err instanceof ApiProblem p && (p.status() == 400 || p.status() == 409);
  }

  /**
   * Renders the form. {@code current} is the stored experiment when editing (null when creating); while editing a
   * started experiment, its layer, coverage and variants are shown from it, read-only.
   */
  private Future<Void> render(RoutingContext ctx, Sessions.Session session, int status, ExperimentForm form,
      JsonObject current, String error) {
    Map<String, Object> vars = ApiKeysPages.navVariables(session, csrf.tokenFor(ctx));
    vars.put("form", form.view());
    vars.put("error", error);
    boolean editing = current != null;
    vars.put("editing", editing);
    vars.put("experiment", editing ? ExperimentViews.summary(current) : null);
    vars.put("locked", editing && !"draft".equals(current.getString("status")));
    vars.put("action", editing ? ExperimentsPages.resultsUrl(current.getString("id")) : "/dashboard/experiments");
    return pages.send(ctx, status, "experiment-form.html", vars);
  }
}
