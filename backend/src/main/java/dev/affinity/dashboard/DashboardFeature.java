package dev.affinity.dashboard;

import dev.affinity.app.Services;
import dev.affinity.experiments.ExperimentService;
import dev.affinity.http.ApiFeature;
import dev.affinity.metrics.ClusterFigures;
import dev.affinity.recommend.training.TrainingService;
import dev.affinity.web.WebAssets;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant admin dashboard: login, overview, experiments, models, API keys and operational metrics as
 * server-rendered pages, plus the static assets they load (all from the jar, so it works air-gapped). Pages
 * are plain HTML forms protected by a session cookie and a double-submit CSRF token ({@link Csrf});
 * failures render an HTML error page rather than the API's problem+json. Constructed once per node and
 * shared by the HTTP verticles, so it holds no per-verticle state.
 */
public final class DashboardFeature implements ApiFeature {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeature.class);
  static final String LOGIN_ERROR = "Invalid email or password.";

  private final Services services;
  private final Pages pages;
  private final Csrf csrf;
  private final Sessions sessions;
  private final OverviewQueries overview;
  private final ApiKeysPages apiKeys;
  private final ModelsPages models;
  private final ErrorPages errors;
  private final ExperimentsPages experiments;
  private final ExperimentFormPages experimentForms;
  private final MetricsPages metrics;
  private volatile Future<Buffer> chartJs;

  /**
   * {@code experiments} and {@code training} are the experiments and recommend features' services, so the
   * dashboard and the API share one of each (same validation, same audit trail, same jobs).
   */
  public DashboardFeature(Services services, ExperimentService experiments, TrainingService training) {
    this.services = services;
    this.pages = new Pages(services.vertx());
    this.csrf = new Csrf(services.config().secureCookies());
    this.sessions = new Sessions(services.jwt(), services.tenants(), services.config().secureCookies());
    this.overview = new OverviewQueries(services.pool());
    this.errors = new ErrorPages(pages);
    this.apiKeys = new ApiKeysPages(services.apiKeys(), pages, csrf, this::withSession);
    this.models = new ModelsPages(training, pages, csrf, this::withSession);
    this.experiments = new ExperimentsPages(experiments, pages, csrf, this::withSession);
    this.experimentForms = new ExperimentFormPages(experiments, pages, csrf, this::withSession);
    this.metrics = new MetricsPages(new ClusterFigures(services.vertx(), services.metrics()), pages, this::withSession,
        this::navVariables);
  }

  @Override
  public void mountRoutes(Router router) {
    router.get("/").handler(ctx -> Pages.redirect(ctx, "/dashboard"));
    router.route("/static/*").handler(DashboardFeature::noSniff);
    router.get(WebAssets.CHART_JS_URL).handler(this::chartJs);
    router.route("/static/*").handler(StaticHandler.create(WebAssets.STATIC_ROOT));

    router.route("/dashboard*").handler(DashboardFeature::securityHeaders).failureHandler(errors::handle);
    router.post("/dashboard*").handler(csrf::check);
    router.get("/dashboard").handler(this::overviewPage);
    router.get("/dashboard/login").handler(this::loginPage);
    router.post("/dashboard/login").handler(this::login);
    router.post("/dashboard/logout").handler(this::logout);
    router.get("/dashboard/api-keys").handler(apiKeys::list);
    router.post("/dashboard/api-keys").handler(apiKeys::create);
    router.post("/dashboard/api-keys/:keyId/revoke").handler(apiKeys::revoke);
    router.get("/dashboard/models").handler(models::list);
    router.post("/dashboard/models/train").handler(models::train);
    router.post("/dashboard/models/default").handler(models::setDefault);
    router.get("/dashboard/models/jobs/:jobId").handler(models::job);
    router.get("/dashboard/experiments").handler(experiments::list);
    router.get("/dashboard/experiments/new").handler(experimentForms::newForm);
    router.post("/dashboard/experiments").handler(experimentForms::create);
    router.get("/dashboard/experiments/:id").handler(experiments::results);
    router.post("/dashboard/experiments/:id").handler(experimentForms::update);
    router.get("/dashboard/experiments/:id/edit").handler(experimentForms::editForm);
    router.get("/dashboard/experiments/:id/timeline").handler(experiments::timeline);
    router.get("/dashboard/experiments/:id/start").handler(experiments::confirmStart);
    router.post("/dashboard/experiments/:id/start").handler(experiments::start);
    router.get("/dashboard/experiments/:id/stop").handler(experiments::confirmStop);
    router.post("/dashboard/experiments/:id/stop").handler(experiments::stop);
    router.get("/dashboard/metrics").handler(metrics::page);
    router.get("/dashboard/metrics.json").handler(metrics::json);
    // Last of all routes (whoever adds them): an unknown dashboard page gets the HTML 404.
    router.route("/dashboard*").order(Integer.MAX_VALUE - 1).handler(errors::notFound);
  }

  private static void securityHeaders(RoutingContext ctx) {
    Pages.securityHeaders(ctx.response());
    ctx.next();
  }

  private static void noSniff(RoutingContext ctx) {
    ctx.response().putHeader("X-Content-Type-Options", "nosniff");
    ctx.next();
  }

  /** Chart.js from its webjar, read once (asynchronously) and served from memory afterwards. */
  private void chartJs(RoutingContext ctx) {
    Future<Buffer> js = chartJs;
    if (js == null || js.failed()) {
      js = services.vertx().fileSystem().readFile(WebAssets.CHART_JS);
      chartJs = js;
    }
    js.onSuccess(buf -> ctx.response()
            .putHeader("Content-Type", "text/javascript; charset=utf-8")
            .putHeader("Cache-Control", "public, max-age=86400")
            .end(buf.copy()))
        .onFailure(ctx::fail);
  }

  private void overviewPage(RoutingContext ctx) {
    withSession(ctx, session -> overview.load(session.tenant().id())
        .compose(o -> {
          Map<String, Object> vars = navVariables(ctx, session);
          vars.put("counts", o.counts());
          vars.put("eventsPerHour", o.eventsPerHour());
          vars.put("model", o.model());
          return pages.send(ctx, 200, "overview.html", vars);
        })
        .onFailure(ctx::fail));
  }

  private void loginPage(RoutingContext ctx) {
    renderLogin(ctx, 200, null, null);
  }

  private void login(RoutingContext ctx) {
    String email = ctx.request().getFormAttribute("email");
    String password = ctx.request().getFormAttribute("password");
    services.adminAuth().login(email, password)
        .compose(principal -> {
          if (principal.isEmpty()) {
            return renderLogin(ctx, 401, LOGIN_ERROR, email);
          }
          sessions.start(ctx, principal.get());
          csrf.rotate(ctx);
          LOG.info("tenant={} admin {} signed in to the dashboard", principal.get().tenantId(), principal.get().subject());
          return Pages.redirect(ctx, "/dashboard");
        })
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    sessions.end(ctx);
    Pages.redirect(ctx, "/dashboard/login");
  }

  private Future<Void> renderLogin(RoutingContext ctx, int status, String error, String email) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("error", error);
    vars.put("email", email);
    vars.put("csrfToken", csrf.tokenFor(ctx));
    return pages.send(ctx, status, "login.html", vars).onFailure(ctx::fail);
  }

  /** Runs the page with the request's session, or sends the browser to the login page. */
  void withSession(RoutingContext ctx, Handler<Sessions.Session> page) {
    sessions.current(ctx).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Optional<Sessions.Session> session = ar.result();
      if (session.isEmpty()) {
        if (sessions.present(ctx)) {
          sessions.end(ctx);
        }
        Pages.redirect(ctx, "/dashboard/login");
        return;
      }
      page.handle(session.get());
    });
  }

  /** Variables every page with the navigation bar needs. */
  Map<String, Object> navVariables(RoutingContext ctx, Sessions.Session session) {
    return ApiKeysPages.navVariables(session, csrf.tokenFor(ctx));
  }
}
