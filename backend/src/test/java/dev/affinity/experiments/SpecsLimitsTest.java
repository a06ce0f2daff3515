package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.affinity.http.ApiProblem;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The limits {@link Specs} checks itself for bodies no schema has seen (the dashboard's): each is a 400 that names
 * the field, never a database error. The API's schema states the same limits and refuses such bodies earlier.
 */
class SpecsLimitsTest {
  private static String refused(JsonObject body) {
    ApiProblem p = assertThrows(ApiProblem.class, () -> Specs.parse(body));
    assertEquals(400, p.status());
    return p.getMessage();
  }

  @Test
  void fieldsOutsideTheSchemasLimitsAreRefusedByName() {
    assertEquals("name is required and must be text of at most 200 characters.",
        refused(Bodies.ab("x", "home", 1).put("name", "")));
    assertEquals("name is required and must be text of at most 200 characters; it has 201.",
        refused(Bodies.ab("x", "home", 1).put("name", "n".repeat(201))));
    assertEquals("hypothesis must be text of at most 5000 characters; it has 5001.",
        refused(Bodies.ab("x", "home", 1).put("hypothesis", "h".repeat(5001))));
    assertEquals("layer must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit"
        + " (e.g. \"home\"); got '-home'.", refused(Bodies.ab("x", "-home", 1)));
    assertEquals("primaryMetric must be \"ctr\" or \"conversionRate\"; got clicks.",
        refused(Bodies.ab("x", "home", 1).put("primaryMetric", "clicks")));
    JsonObject badCount = Bodies.ab("x", "home", 1);
    badCount.getJsonArray("variants").getJsonObject(1).put("count", 501);
    assertEquals("Variant 'B' has count 501; a count is a whole number from 1 to 500, or left out for the request's"
        + " own count.", refused(badCount));
    JsonObject noWeight = Bodies.ab("x", "home", 1);
    noWeight.getJsonArray("variants").getJsonObject(0).put("weight", "half");
    assertEquals("Variant 'A' needs a weight, a number (percent of the experiment's traffic).", refused(noWeight));
  }

  @Test
  void aBodyWithinTheLimitsParses() {
    Spec spec = Specs.parse(Bodies.ab("x", "home.v2_a-b", 0.5).put("primaryMetric", "conversionRate"));
    assertEquals("home.v2_a-b", spec.layer());
    assertEquals(5000, spec.width());
    assertEquals("conversionRate", spec.primaryMetric());
  }
}
