package dev.affinity.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.models.ease.Ease;
import dev.affinity.models.ials.Ials;
import dev.affinity.models.knn.ItemKnn;
import dev.affinity.models.rp3.Rp3Beta;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options are validated records: bad values and unknown keys fail with a message naming the key. */
class OptionsTest {

  @ParameterizedTest
  @CsvSource({
      "itemknn, k, 0, k must be >= 1",
      "itemknn, shrink, -1, shrink must be >= 0",
      "rp3beta, alpha, 0, alpha must be > 0",
      "rp3beta, beta, -0.1, beta must be >= 0",
      "ease, lambda, 0, lambda must be > 0",
      "ease, maxItems, 100000, maxItems must be in",
      "ease, dropout, 1, dropout must be in [0, 1)",
      "slist, context, 0, context must be in [1, 1000]",
      "slist, recencyDecay, 0, recencyDecay must be in (0, 1]",
      "slist, stride, 0, stride must be >= 1",
      "ials, factors, 0, factors must be in",
      "ials, iterations, 0, iterations must be >= 1",
      "ials, nu, 3, nu must be in [0, 2]",
      "ials, alpha, abc, alpha must be a number",
      "ials, seed, 1.5, seed must be an integer",
      "popularity, k, 3, unknown parameter 'k'",
      "ease, lamda, 3, unknown parameter 'lamda'"})
  void rejectsBadValues(String model, String key, String value, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.algorithm(model).options(Map.of(key, value)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().startsWith(model), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void parsesValuesOverDefaults() {
    assertEquals(new ItemKnn.Options(7, 10), new ItemKnn().options(Map.of("k", "7")));
    assertEquals(new Rp3Beta.Options(1.0, 0.2, 200), new Rp3Beta().options(Map.of("beta", "0.2")));
    assertEquals(new Ease.Options(250, 0, 30_000), new Ease().options(Map.of("lambda", "250")));
    assertEquals(32, new Ials().options(Map.of("factors", "32")).factors());
  }

  @org.junit.jupiter.api.Test
  void easeRefusesCataloguesAboveMaxItems() {
    Interactions x = PlantedData.standard().train();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Ease().fit(x, new Ease.Options(10, 0, 100), Training.defaults()));
    assertTrue(e.getMessage().contains("maxItems=100"), e.getMessage());
  }
}
