package dev.affinity.web;

/**
 * Classpath locations of the dashboard's templates and static assets.
 *
 * <p>The backend serves these from the jar (the dashboard must work air-gapped, no CDN); keeping
 * the paths here means the backend routes and this module's render tests agree on one spelling
 * instead of repeating string literals that could silently drift apart.
 */
public final class WebAssets {

  /**
   * Prefix of every template name passed to Vert.x's {@code ThymeleafTemplateEngine}, e.g.
   * {@code TEMPLATES_PREFIX + "overview.html"}. Names include the {@code .html} suffix.
   */
  public static final String TEMPLATES_PREFIX = "templates/";

  /** Classpath folder holding what the backend serves under {@code /static/}. */
  public static final String STATIC_ROOT = "webroot/static";

  /** Classpath path of Chart.js inside its webjar; the backend serves it at {@code /static/vendor/chart.umd.js}. */
  public static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";

  /** URL path under which the dashboard pages load Chart.js. */
  public static final String CHART_JS_URL = "/static/vendor/chart.umd.js";

  private WebAssets() {}
}
