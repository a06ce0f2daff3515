package dev.affinity.dashboard;

import dev.affinity.web.WebAssets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the web module's Thymeleaf templates and writes them with the dashboard's security headers.
 *
 * <p>Why Thymeleaf's own engine rather than Vert.x's {@code ThymeleafTemplateEngine}: the Vert.x 5 engine
 * reads a template with {@code FileSystem.readFileBlocking} on the calling thread (the event loop) on every
 * cache miss, decodes it with the platform charset, and renders under one global lock shared by all event
 * loops. Here a {@link ClassLoaderTemplateResolver} with prefix "" and suffix "" resolves names exactly as
 * given ({@code templates/overview.html}), which is also what the web module's fragment references
 * ({@code ~{templates/layout.html :: nav(...)}}) and its render tests expect. Templates are cached without
 * expiry; a page's first render (which loads it and its fragments from the jar) runs on a worker thread, and
 * later renders are pure CPU on the event loop.
 */
final class Pages {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "frame-ancestors 'none'";

  private final Vertx vertx;
  private final TemplateEngine engine = new TemplateEngine();
  /** Templates rendered at least once, hence in Thymeleaf's cache together with their fragments. */
  private final Set<String> warm = ConcurrentHashMap.newKeySet();

  Pages(Vertx vertx) {
    this.vertx = vertx;
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
    resolver.setPrefix("");
    resolver.setSuffix("");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    resolver.setCacheTTLMs(null);
    resolver.setCheckExistence(true);
    engine.setTemplateResolver(resolver);
  }

  /** Headers every dashboard response carries (pages, redirects and error pages). */
  static void securityHeaders(HttpServerResponse response) {
    response.putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Cache-Control", "no-store");
  }

  /** Renders {@code templates/<page>} with the variables and sends it with the given status. */
  Future<Void> send(RoutingContext ctx, int status, String page, Map<String, Object> variables) {
    return render(page, variables).compose(html -> {
      HttpServerResponse response = ctx.response();
      securityHeaders(response);
      return response.setStatusCode(status)
          .putHeader("Content-Type", "text/html; charset=utf-8")
          .end(html);
    });
  }

  /** The page as HTML; blocking template loading happens on a worker, never on the event loop. */
  Future<String> render(String page, Map<String, Object> variables) {
    String name = WebAssets.TEMPLATES_PREFIX + page;
    if (warm.contains(name)) {
      try {
        return Future.succeededFuture(process(name, variables));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(() -> process(name, variables), false).onSuccess(html -> warm.add(name));
  }

  private String process(String name, Map<String, Object> variables) {
    Context context = new Context();
    context.setVariables(variables);
    return engine.process(name, context);
  }

  /** A 303 See Other, the right answer to a form POST and to a page that needs a login. */
  static Future<Void> redirect(RoutingContext ctx, String location) {
    HttpServerResponse response = ctx.response();
    securityHeaders(response);
    return response.setStatusCode(303).putHeader("Location", location).end();
  }
}
