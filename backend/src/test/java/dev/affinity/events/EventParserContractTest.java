package dev.affinity.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code POST /v1/events} skips the generic OpenAPI validator for speed; this keeps the hand-written
 * {@link EventParser} rules equal to what openapi.yaml promises, so a contract change cannot silently
 * leave the hot path checking something else.
 */
class EventParserContractTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String... path) {
    Map<String, Object> at = m;
    for (String p : path) {
      at = (Map<String, Object>) at.get(p);
    }
    return at;
  }

  @Test
  @SuppressWarnings("unchecked")
  void parserRulesMatchTheContract() throws Exception {
    Map<String, Object> contract;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi.yaml")) {
      contract = new Yaml().load(in);
    }
    Map<String, Object> post = map(contract, "paths", "/v1/events", "post");
    Map<String, Object> body = map(post, "requestBody", "content", "application/json", "schema");
    assertEquals(1, body.get("minItems"));
    assertEquals(EventParser.MAX_EVENTS, body.get("maxItems"));
    assertEquals("#/components/schemas/Event", map(body, "items").get("$ref"));

    Map<String, Object> header = ((List<Map<String, Object>>) post.get("parameters")).getFirst();
    assertEquals(EventsFeature.IDEMPOTENCY_KEY, header.get("name"));
    assertEquals(EventsFeature.MAX_KEY, map(header, "schema").get("maxLength"));

    Map<String, Object> schemas = map(contract, "components", "schemas");
    Map<String, Object> event = map(schemas, "Event");
    assertEquals(false, event.get("additionalProperties"));
    assertEquals(EventParser.REQUIRED, event.get("required"));
    Map<String, Object> properties = map(event, "properties");
    assertEquals(new HashSet<>(EventParser.FIELDS), properties.keySet());
    assertEquals(EventParser.TYPES, map(properties, "type").get("enum"));
    assertEquals("number", map(properties, "value").get("type"));
    assertEquals("#/components/schemas/Id", map(properties, "userId").get("$ref"));
    assertEquals("#/components/schemas/Id", map(properties, "itemId").get("$ref"));
    assertEquals(EventParser.MAX_RECOMMENDATION_ID, map(properties, "recommendationId").get("maxLength"));
    assertEquals(1, map(properties, "recommendationId").get("minLength"));
    assertEquals("#/components/schemas/Timestamp", map(properties, "timestamp").get("$ref"));
    assertEquals(EventParser.MAX_ID, map(schemas, "Id").get("maxLength"));
    assertEquals(1, map(schemas, "Id").get("minLength"));
    assertEquals(EventParser.MAX_TIMESTAMP, map(schemas, "Timestamp").get("maxLength"));
  }
}
