package dev.affinity.demo;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small blocking client of a node's public HTTP API. The demo seeder and the benchmarks use it so
 * that they exercise the node exactly as an outside client would (auth, validation, rate limits),
 * never through internal classes. Blocking by design: callers run on their own threads, never on an
 * event loop.
 */
public final class ApiClient {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  /** A client of the node at {@code base}, e.g. {@code http://127.0.0.1:8080}. */
  public ApiClient(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** A response: status and body text. */
  public record Response(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** Returns this response if it is 2xx, otherwise throws with the status and the problem text. */
    public Response expectOk(String what) {
      if (!ok()) {
        throw new ApiException(what + " answered " + status + ": " + abbreviate(body), status);
      }
      return this;
    }

    private static String abbreviate(String s) {
      return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
  }

  /** A request answered with an unexpected status. */
  public static final class ApiException extends RuntimeException {
    private final int status;

    ApiException(String message, int status) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null, Map.of());
  }

  public Response post(String path, String token, String json) {
    return send("POST", path, token, json, Map.of());
  }

  /** Any request; {@code token} may be null; {@code body} null means no body. */
  public Response send(String method, String path, String token, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path + " interrupted", e);
    }
  }

  public String base() {
    return base;
  }
}
