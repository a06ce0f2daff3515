package dev.affinity.dashboard;

import dev.affinity.testing.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal cookie-keeping form client over the blocking {@link Http} client, so HTTP-level tests can
 * walk the dashboard like a browser (without following redirects, so each 303 can be asserted).
 */
final class FormClient {
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final Http http;
  final Map<String, String> cookies = new LinkedHashMap<>();

  FormClient(Http http) {
    this.http = http;
  }

  Http.Response get(String path) {
    return remember(http.send("GET", path, null, null, headers(null)));
  }

  /** POSTs a form; {@code fields} are name/value pairs (names may repeat). */
  Http.Response post(String path, String... fields) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < fields.length; i += 2) {
      if (!body.isEmpty()) {
        body.append('&');
      }
      body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return remember(http.send("POST", path, null, body.toString(), headers("application/x-www-form-urlencoded")));
  }

  /** Logs in through the login form; returns the login POST's response. */
  Http.Response login(String email, String password) {
    String csrf = csrfField(get("/dashboard/login"));
    return post("/dashboard/login", "email", email, "password", password, "_csrf", csrf);
  }

  static String csrfField(Http.Response page) {
    Matcher m = CSRF_FIELD.matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no _csrf field in " + page.body());
    }
    return m.group(1);
  }

  /** The Set-Cookie header for a cookie name, or null. */
  static String setCookie(Http.Response r, String name) {
    List<String> all = r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
        .flatMap(e -> e.getValue().stream()).toList();
    return all.stream().filter(c -> c.startsWith(name + "=")).reduce((a, b) -> b).orElse(null);
  }

  private Map<String, String> headers(String contentType) {
    Map<String, String> h = new LinkedHashMap<>();
    if (!cookies.isEmpty()) {
      h.put("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    if (contentType != null) {
      h.put("Content-Type", contentType);
    }
    return h;
  }

  private Http.Response remember(Http.Response r) {
    r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
        .flatMap(e -> e.getValue().stream()).forEach(c -> {
          String pair = c.split(";", 2)[0];
          String name = pair.substring(0, pair.indexOf('='));
          String value = pair.substring(pair.indexOf('=') + 1);
          if (c.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty()) {
            cookies.remove(name);
          } else {
            cookies.put(name, value);
          }
        });
    return r;
  }
}
