package dev.affinity.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bandit's settings come from the environment like every other setting, with defaults and clear refusals. */
class BanditSettingsTest {
  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AFFINITY_OPERATOR_TOKEN", "test-operator-token-0123456789");
    env.put("AFFINITY_JWT_SECRET", "test-jwt-secret-0123456789-0123456789-abcdef");
    return env;
  }

  @Test
  void defaultsAreHourlyAHundredExposuresAndAFivePercentFloor() {
    assertEquals(BanditSettings.defaults(), ConfigLoader.load(env()).bandit());
    assertEquals(new BanditSettings(Duration.ofHours(1), 100, 0.05), BanditSettings.defaults());
  }

  @Test
  void theEnvironmentSetsThem() {
    Map<String, String> env = env();
    env.put("AFFINITY_BANDIT_INTERVAL_SECONDS", "900");
    env.put("AFFINITY_BANDIT_MIN_EXPOSURES", "500");
    env.put("AFFINITY_BANDIT_FLOOR", "0.1");
    assertEquals(new BanditSettings(Duration.ofMinutes(15), 500, 0.1), ConfigLoader.load(env).bandit());
  }

  @Test
  void impossibleValuesAreRefusedByName() {
    for (List<String> bad : List.of(List.of("AFFINITY_BANDIT_INTERVAL_SECONDS", "0"),
        List.of("AFFINITY_BANDIT_MIN_EXPOSURES", "-1"), List.of("AFFINITY_BANDIT_FLOOR", "0.6"),
        List.of("AFFINITY_BANDIT_FLOOR", "five percent"))) {
      Map<String, String> env = env();
      env.put(bad.get(0), bad.get(1));
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env), bad.toString());
      assertTrue(e.getMessage().startsWith(bad.get(0)), e.getMessage());
    }
  }
}
