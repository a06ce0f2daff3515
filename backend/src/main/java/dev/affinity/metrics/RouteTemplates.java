package dev.affinity.metrics;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a request path to the template of the route that serves it ({@code /v1/users/{userId}/recommendations}),
 * so metrics are labelled by template and never by raw path: the label set stays as small as the router.
 *
 * <p>Why match again rather than ask Vert.x which route ran: a request refused before its operation route runs
 * (401 from the guard, 429 from the limiter, 400 from the contract validator, 404/400 failures routed through the
 * failure handler) leaves no operation route behind on the context, yet its errors belong to the route the client
 * called. The templates are read from the finished router (OpenAPI operations and the features' own routes alike),
 * so a page another feature adds is labelled without being listed here.
 *
 * <p>The match is a walk down a segment tree with no allocation: literal segments beat {@code :param} segments
 * (so {@code /v1/items/popular} is not {@code /v1/items/{itemId}}), and prefix routes ({@code /static/*},
 * {@code /dashboard*}) catch what no exact route takes. A path nothing matches is {@link #UNMATCHED}: one label for
 * every unknown path, however many different ones scanners send.
 */
final class RouteTemplates {
  /** The label of every path no route serves. */
  static final String UNMATCHED = "unmatched";

  /** One path segment of the tree; children are few, so plain arrays scanned in order are fastest. */
  private static final class Node {
    Node[] literals = new Node[0];
    String literal;
    Node param;
    /** The template ending here, or null when no route ends at this segment. */
    String template;

    Node child(String segment) {
      if (segment.startsWith(":")) {
        if (param == null) {
          param = new Node();
        }
        return param;
      }
      for (Node n : literals) {
        if (n.literal.equals(segment)) {
          return n;
        }
      }
      Node n = new Node();
      n.literal = segment;
      literals = Arrays.copyOf(literals, literals.length + 1);
      literals[literals.length - 1] = n;
      return n;
    }
  }

  private record Prefix(String path, String template) {
  }

  private final Node root = new Node();
  private final Prefix[] prefixes;

  private RouteTemplates(List<String> exact, List<Prefix> prefixes) {
    for (String path : exact) {
      add(path);
    }
    // longest prefix first, so /docs/assets/ wins over a shorter one
    this.prefixes = prefixes.stream().sorted(Comparator.comparingInt((Prefix p) -> p.path().length()).reversed())
        .toArray(Prefix[]::new);
  }

  /** The templates of every route of the finished router that has a path (regex-only routes are skipped). */
  static RouteTemplates of(Router router) {
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (Route r : router.getRoutes()) {
      String path = r.getPath();
      if (path == null || path.isEmpty()) {
        continue;
      }
      if (r.isRegexPath() || r.isExactPath()) {
        exact.add(path);
      } else {
        prefixes.add(path);
      }
    }
    return of(exact, prefixes);
  }

  /** Templates from plain lists: exact paths (with {@code :param} segments) and prefixes (without the star). */
  static RouteTemplates of(List<String> exact, List<String> prefixes) {
    return new RouteTemplates(exact, prefixes.stream().map(p -> new Prefix(p, p + "*")).toList());
  }

  private void add(String path) {
    Node n = root;
    int i = 1;
    while (i <= path.length()) {
      int end = path.indexOf('/', i);
      if (end < 0) {
        end = path.length();
      }
      n = n.child(path.substring(i, end));
      i = end + 1;
    }
    if (n.template == null) {
      n.template = label(path);
    }
  }

  /** {@code /v1/users/:userId/x} as the OpenAPI document writes it: {@code /v1/users/{userId}/x}. */
  static String label(String path) {
    return Arrays.stream(path.split("/", -1))
        .map(part -> part.startsWith(":") ? "{" + part.substring(1) + "}" : part)
        .collect(java.util.stream.Collectors.joining("/"));
  }

  /** The template serving {@code path} (a normalised request path), or {@link #UNMATCHED}. */
  String match(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return UNMATCHED;
    }
    int length = path.length();
    if (length > 1 && path.charAt(length - 1) == '/') {
      length--; // Vert.x serves /x/ with the route /x
    }
    String found = walk(root, path, 1, length);
    if (found != null) {
      return found;
    }
    for (Prefix p : prefixes) {
      if (path.startsWith(p.path())) {
        return p.template();
      }
    }
    return UNMATCHED;
  }

  /** The template for {@code path[from, to)} below {@code n}, literal children first, then the parameter. */
  private static String walk(Node n, String path, int from, int to) {
    if (from > to) {
      return n.template;
    }
    int end = path.indexOf('/', from);
    if (end < 0 || end > to) {
      end = to;
    }
    int len = end - from;
    for (Node c : n.literals) {
      if (c.literal.length() == len && path.regionMatches(from, c.literal, 0, len)) {
        String t = walk(c, path, end + 1, to);
        if (t != null) {
          return t;
        }
      }
    }
    if (n.param != null && len > 0) {
      return walk(n.param, path, end + 1, to);
    }
    return null;
  }
}
