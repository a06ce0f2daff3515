package dev.affinity.dashboard;

import dev.affinity.recommend.ModelKind;
import dev.affinity.recommend.training.TrainingService;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models page: the tenant's versions with their offline metrics and parameters, a form that
 * starts a training (model and {@code key=value} parameters), the default model, and recent jobs
 * with a live progress bar ({@code models.js} polls {@link #job}). Everything goes through the same
 * {@link TrainingService} as {@code /v1/models}, so the rules and messages are the API's.
 */
final class ModelsPages {
  private static final Logger LOG = LoggerFactory.getLogger(ModelsPages.class);
  static final int RECENT_JOBS = 10;

  private final TrainingService training;
  private final Pages pages;
  private final Csrf csrf;
  private final BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession;

  ModelsPages(TrainingService training, Pages pages, Csrf csrf,
      BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession) {
    this.training = training;
    this.pages = pages;
    this.csrf = csrf;
    this.withSession = withSession;
  }

  void list(RoutingContext ctx) {
    withSession.accept(ctx, session -> render(ctx, session, 200, null, null, null).onFailure(ctx::fail));
  }

  /** Starts a training and comes back to the page, where the new job's bar moves. */
  void train(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      TenantId tenant = session.tenant().id();
      String model = ctx.request().getFormAttribute("model");
      String paramsText = Optional.ofNullable(ctx.request().getFormAttribute("params")).orElse("");
      TrainingService.Request request;
      try {
        ModelKind kind = ModelKind.fromWire(model).orElseThrow(() -> new IllegalArgumentException(
            "Unknown model '" + model + "'; choose one of " + String.join(", ", ModelKind.wireNames()) + "."));
        request = TrainingService.Request.of(kind, parse(paramsText));
      } catch (IllegalArgumentException e) {
        render(ctx, session, 400, e.getMessage(), model, paramsText).onFailure(ctx::fail);
        return;
      }
      training.start(tenant, request, "dashboard")
          .onSuccess(jobId -> LOG.info("tenant={} admin {} started training job {} of {} in the dashboard", tenant,
              session.admin().subject(), jobId, model))
          .compose(jobId -> Pages.redirect(ctx, "/dashboard/models"))
          .onFailure(ctx::fail);
    });
  }

  void setDefault(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      String model = ctx.request().getFormAttribute("model");
      Optional<ModelKind> kind = ModelKind.fromWire(model);
      if (kind.isEmpty()) {
        render(ctx, session, 400, "Unknown model '" + model + "'.", null, null).onFailure(ctx::fail);
        return;
      }
      training.repository().setDefaultModel(session.tenant().id(), kind.get())
          .compose(v -> Pages.redirect(ctx, "/dashboard/models"))
          .onFailure(ctx::fail);
    });
  }

  /** One job as JSON, for the progress bar; 404 for another tenant's or an unknown job. */
  void job(RoutingContext ctx) {
    withSession.accept(ctx, session -> training.jobs().get(session.tenant().id(), ctx.pathParam("jobId"))
        .onSuccess(job -> {
          if (job == null) {
            ctx.fail(new DashboardException(404, "There is no training job with that id."));
            return;
          }
          ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
              .end(job.encode());
        })
        .onFailure(ctx::fail));
  }

  /** {@code key=value} per line (blank lines and {@code #} comments ignored). */
  static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Parameters are key=value, one per line; '" + line + "' is not.");
      }
      out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return out;
  }

  private Future<Void> render(RoutingContext ctx, Sessions.Session session, int status, String error,
      String model, String params) {
    TenantId tenant = session.tenant().id();
    // jobs first, then versions: a job reads "succeeded" only once its version is committed (one
    // transaction), so the page never shows a finished job whose version is missing and not polled for
    Future<List<JsonObject>> jobs = training.jobs().recent(tenant, RECENT_JOBS);
    Future<JsonObject> versions = jobs.compose(j -> training.repository().list(tenant));
    return versions.compose(v -> {
      Map<String, Object> vars = ApiKeysPages.navVariables(session, csrf.tokenFor(ctx));
      JsonObject list = versions.result();
      vars.put("active", list.getLong("active"));
      vars.put("defaultModel", list.getString("defaultModel"));
      vars.put("versions", rows(list.getJsonArray("models"), list.getLong("active")));
      vars.put("jobs", jobs(jobs.result()));
      vars.put("kinds", ModelKind.wireNames());
      vars.put("error", error);
      vars.put("chosenModel", model == null ? list.getString("defaultModel") : model);
      vars.put("params", params == null ? "" : params);
      return pages.send(ctx, status, "models.html", vars);
    });
  }

  private static List<Map<String, Object>> rows(JsonArray models, Long active) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      JsonObject m = models.getJsonObject(i);
      JsonObject metrics = m.getJsonObject("metrics", new JsonObject());
      Map<String, Object> row = new HashMap<>();
      row.put("version", m.getLong("version"));
      row.put("name", m.getString("name"));
      row.put("createdAt", m.getString("createdAt"));
      row.put("trainSeconds", String.format("%.1f", m.getDouble("trainSeconds")));
      row.put("recall", format(metrics.getDouble("recall@10")));
      row.put("ndcg", format(metrics.getDouble("ndcg@10")));
      row.put("params", paramsText(metrics.getJsonObject("params")));
      row.put("active", m.getLong("version").equals(active));
      rows.add(row);
    }
    return rows;
  }

  private static List<Map<String, Object>> jobs(List<JsonObject> jobs) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonObject j : jobs) {
      Map<String, Object> row = new HashMap<>(j.getMap());
      row.put("percent", Math.round(j.getDouble("progress") * 100));
      row.put("live", j.getString("state").equals("queued") || j.getString("state").equals("running"));
      rows.add(row);
    }
    return rows;
  }

  private static String format(Double d) {
    return d == null ? "—" : String.format("%.4f", d);
  }

  private static String paramsText(JsonObject params) {
    if (params == null || params.isEmpty()) {
      return "defaults";
    }
    List<String> parts = new ArrayList<>();
    params.fieldNames().stream().sorted().forEach(k -> parts.add(k + "=" + params.getValue(k)));
    return String.join(", ", parts);
  }
}
