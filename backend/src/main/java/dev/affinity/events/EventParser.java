package dev.affinity.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.affinity.catalog.Timestamps;
import dev.affinity.http.ApiProblem;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an event batch straight from the request bytes into columns, enforcing the contract's
 * {@code Event} schema as it goes. This replaces the generic OpenAPI body validation on the ingestion
 * hot path: building a JSON tree of 10,000 events and walking it with the schema validator cost several
 * times more than storing them. {@code EventParserContractTest} keeps the rules here equal to openapi.yaml.
 */
final class EventParser {
  static final int MAX_EVENTS = 10_000;
  static final int MAX_ID = 256;
  static final int MAX_RECOMMENDATION_ID = 100;
  static final int MAX_TIMESTAMP = 64;
  static final List<String> TYPES = List.of("view", "click", "cart", "purchase", "rating", "like", "dislike");
  static final List<String> FIELDS = List.of("userId", "itemId", "type", "value", "timestamp", "recommendationId");
  static final List<String> REQUIRED = List.of("userId", "itemId", "type");
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private EventParser() {
  }

  /** The batch, or a 400 {@link ApiProblem} naming the first offending event and field. */
  static EventBatch parse(Buffer body) {
    try (JsonParser p = JSON.createParser(body.getBytes())) {
      return read(p);
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")"));
    } catch (IOException e) {
      throw ApiProblem.badRequest("The request body cannot be read: " + e.getMessage());
    }
  }

  private static EventBatch read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_ARRAY) {
      throw ApiProblem.badRequest("The request body must be a JSON array of events, e.g."
          + " [{\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"view\"}]");
    }
    Columns c = new Columns();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      int i = c.size;
      if (i == MAX_EVENTS) {
        throw ApiProblem.badRequest("A batch holds at most " + MAX_EVENTS + " events; split it into smaller batches");
      }
      if (t != JsonToken.START_OBJECT) {
        throw ApiProblem.badRequest("[" + i + "]: each event must be a JSON object, not " + describe(t));
      }
      readEvent(p, i, c, now);
    }
    if (p.nextToken() != null) {
      throw ApiProblem.badRequest("The request body is not valid JSON: unexpected content after the array");
    }
    if (c.size == 0) {
      throw ApiProblem.badRequest("The batch is empty; send at least one event");
    }
    return c.toBatch();
  }

  private static void readEvent(JsonParser p, int i, Columns c, OffsetDateTime now) throws IOException {
    String user = null;
    String item = null;
    String type = null;
    Double value = null;
    String timestamp = null;
    String recommendationId = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "userId" -> user = string(p, t, i, field, 1, MAX_ID);
        case "itemId" -> item = string(p, t, i, field, 1, MAX_ID);
        case "type" -> {
          type = string(p, t, i, field, 1, Integer.MAX_VALUE);
          if (!TYPES.contains(type)) {
            throw ApiProblem.badRequest(at(i, field) + ": unknown event type '" + type + "'; use one of " + TYPES);
          }
        }
        case "value" -> {
          if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw ApiProblem.badRequest(at(i, field) + ": must be a number, not " + describe(t));
          }
          double v = p.getDoubleValue();
          if (!Double.isFinite(v)) {
            throw ApiProblem.badRequest(at(i, field) + ": the number is out of range");
          }
          value = v;
        }
        case "timestamp" -> timestamp = string(p, t, i, field, 1, MAX_TIMESTAMP);
        case "recommendationId" -> recommendationId = string(p, t, i, field, 1, MAX_RECOMMENDATION_ID);
        default -> throw ApiProblem.badRequest(at(i, field) + ": unknown field; an event has only " + FIELDS);
      }
    }
    if (user == null || item == null || type == null) {
      String missing = user == null ? "userId" : item == null ? "itemId" : "type";
      throw ApiProblem.badRequest(at(i, missing) + ": required; every event needs userId, itemId and type");
    }
    if (value == null && type.equals("rating")) {
      throw ApiProblem.badRequest(at(i, "value") + ": a rating event needs a numeric value");
    }
    c.add(user, item, type, value, Timestamps.parse(timestamp, at(i, "timestamp"), now), recommendationId);
  }

  private static String string(JsonParser p, JsonToken t, int i, String field, int min, int max) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw ApiProblem.badRequest(at(i, field) + ": must be a string, not " + describe(t));
    }
    String s = p.getText();
    int length = s.length() > max ? s.codePointCount(0, s.length()) : s.length();
    if (length < min || length > max) {
      throw ApiProblem.badRequest(at(i, field) + ": must be " + min + " to " + max + " characters long, got " + length);
    }
    return s;
  }

  private static String at(int i, String field) {
    return "[" + i + "]." + field;
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> String.valueOf(t);
    };
  }

  /** Growable column arrays; the distinct ids are sorted at the end for a fixed lock order. */
  private static final class Columns {
    int size;
    String[] users = new String[256];
    String[] items = new String[256];
    String[] types = new String[256];
    Double[] values = new Double[256];
    OffsetDateTime[] timestamps = new OffsetDateTime[256];
    String[] recommendationIds = new String[256];
    final Set<String> distinctUsers = new HashSet<>();
    final Set<String> distinctItems = new HashSet<>();

    void add(String user, String item, String type, Double value, OffsetDateTime ts, String recommendationId) {
      if (size == users.length) {
        int n = size * 2;
        users = Arrays.copyOf(users, n);
        items = Arrays.copyOf(items, n);
        types = Arrays.copyOf(types, n);
        values = Arrays.copyOf(values, n);
        timestamps = Arrays.copyOf(timestamps, n);
        recommendationIds = Arrays.copyOf(recommendationIds, n);
      }
      users[size] = user;
      items[size] = item;
      types[size] = type;
      values[size] = value;
      timestamps[size] = ts;
      recommendationIds[size] = recommendationId;
      size++;
      distinctUsers.add(user);
      distinctItems.add(item);
    }

    EventBatch toBatch() {
      String[] du = distinctUsers.toArray(String[]::new);
      String[] di = distinctItems.toArray(String[]::new);
      Arrays.sort(du);
      Arrays.sort(di);
      return new EventBatch(Arrays.copyOf(users, size), Arrays.copyOf(items, size), Arrays.copyOf(types, size),
          Arrays.copyOf(values, size), Arrays.copyOf(timestamps, size), Arrays.copyOf(recommendationIds, size),
          du, di);
    }
  }
}
