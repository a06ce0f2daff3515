package dev.affinity.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.recommend.serving.Recommender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written serving JSON parses back to exactly what a JSON library would have written. */
class ScoredJsonTest {
  static final String HOSTILE = "a\"b\\c\nd\te\u0001f\u2028g</script>é😀";

  @Test
  void recommendationsRoundTripThroughAJsonParser() {
    Recommender.Result r = new Recommender.Result("item-knn:v3",
        List.of(new Recommender.Scored(HOSTILE, 1.5), new Recommender.Scored("plain", 1e-7),
            new Recommender.Scored("nan", Double.NaN)));
    JsonObject parsed = new JsonObject(ScoredJson.recommendations("rid\"1", r, null, "B").toString());
    assertEquals("rid\"1", parsed.getString("recommendationId"));
    assertEquals("item-knn:v3", parsed.getString("model"));
    assertTrue(parsed.containsKey("experiment") && parsed.getValue("experiment") == null);
    assertEquals("B", parsed.getString("variant"));
    JsonArray items = parsed.getJsonArray("items");
    assertEquals(HOSTILE, items.getJsonObject(0).getString("id"));
    assertEquals(1.5, items.getJsonObject(0).getDouble("score"));
    assertEquals(1e-7, items.getJsonObject(1).getDouble("score"));
    assertEquals(0.0, items.getJsonObject(2).getDouble("score"));
  }

  @Test
  void listsWithAndWithoutItems() {
    JsonObject empty = new JsonObject(ScoredJson.list(new Recommender.Result("popularity:live", List.of())).toString());
    assertEquals(new JsonObject().put("model", "popularity:live").put("items", new JsonArray()), empty);
    JsonObject one = new JsonObject(ScoredJson.list(new Recommender.Result("m",
        List.of(new Recommender.Scored("x", 2.0)))).toString());
    assertEquals(new JsonObject().put("model", "m").put("items",
        new JsonArray().add(new JsonObject().put("id", "x").put("score", 2.0))), one);
  }
}
