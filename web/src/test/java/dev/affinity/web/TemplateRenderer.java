package dev.affinity.web;

import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders templates the way Vert.x's ThymeleafTemplateEngine does: template names are used as
 * given (prefix "", suffix "", names such as "templates/overview.html"), HTML mode, standard
 * dialect — so fragment references that work here also work in the backend.
 */
final class TemplateRenderer {

  private final TemplateEngine engine = new TemplateEngine();

  TemplateRenderer() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("");
    resolver.setSuffix("");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(false);
    resolver.setCheckExistence(true);
    engine.setTemplateResolver(resolver);
  }

  /** Renders {@code WebAssets.TEMPLATES_PREFIX + page} (e.g. "login.html") to raw HTML. */
  String render(String page, Map<String, Object> variables) {
    Context context = new Context();
    context.setVariables(variables);
    return engine.process(WebAssets.TEMPLATES_PREFIX + page, context);
  }

  /** Renders and parses, for assertions on elements. */
  Document renderDocument(String page, Map<String, Object> variables) {
    return Jsoup.parse(render(page, variables));
  }
}
