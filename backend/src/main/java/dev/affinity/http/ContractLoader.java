package dev.affinity.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Loads {@code openapi.yaml} (the source of truth, served as-is at {@code /openapi.yaml}) for request
 * validation. Vert.x's OpenAPI support refuses contracts whose responses use media types it cannot
 * validate, such as RFC 9457's {@code application/problem+json}; responses are not validated here, so
 * the routing copy relabels them as {@code application/json}. Requests are validated exactly as written.
 */
public final class ContractLoader {
  public static final String PATH = "openapi.yaml";

  private ContractLoader() {
  }

  public static Future<OpenAPIContract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(PATH).compose(buf -> {
      Map<String, Object> raw = new Yaml().load(buf.toString());
      JsonObject contract = relabelProblemResponses(new JsonObject(raw));
      return OpenAPIContract.from(vertx, contract);
    });
  }

  static JsonObject relabelProblemResponses(JsonObject contract) {
    JsonObject responses = contract.getJsonObject("components", new JsonObject()).getJsonObject("responses");
    if (responses != null) {
      for (String name : responses.fieldNames()) {
        JsonObject content = responses.getJsonObject(name).getJsonObject("content");
        if (content != null && content.containsKey("application/problem+json")) {
          content.put("application/json", content.remove("application/problem+json"));
        }
      }
    }
    return contract;
  }
}
