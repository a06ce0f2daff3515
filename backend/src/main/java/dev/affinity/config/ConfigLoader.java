package dev.affinity.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds {@link AffinityConfig} from defaults, then an optional properties file
 * ({@code AFFINITY_CONFIG_FILE}, keys named like the env vars), then environment variables, so the
 * same binary runs unchanged from a laptop to a cluster.
 *
 * <p>When no operator token or JWT secret is configured, a random one is generated once and kept in
 * {@code dataDir/secrets.properties} (mode 600), so sessions survive restarts without anyone having to
 * invent a secret for a local run.
 */
public final class ConfigLoader {
  private ConfigLoader() {
  }

  /** Loads from the real process environment. */
  public static AffinityConfig load() {
    return load(System.getenv());
  }

  /** Loads from the given environment (tests pass their own map). */
  public static AffinityConfig load(Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    String file = env.get("AFFINITY_CONFIG_FILE");
    if (file != null && !file.isBlank()) {
      values.putAll(readProperties(Path.of(file)));
    }
    env.forEach((k, v) -> {
      if (k.startsWith("AFFINITY_")) {
        values.put(k, v);
      }
    });
    Path dataDir = Path.of(values.getOrDefault("AFFINITY_DATA_DIR", ".affinity")).toAbsolutePath().normalize();
    Map<String, String> secrets = values.containsKey("AFFINITY_OPERATOR_TOKEN") && values.containsKey("AFFINITY_JWT_SECRET")
        ? Map.of() : persistedSecrets(dataDir);
    return new AffinityConfig(
        intValue(values, "AFFINITY_PORT", 8080),
        values.getOrDefault("AFFINITY_HOST", "0.0.0.0"),
        values.get("AFFINITY_DB_URL"),
        dataDir,
        values.getOrDefault("AFFINITY_OPERATOR_TOKEN", secrets.get("AFFINITY_OPERATOR_TOKEN")),
        values.getOrDefault("AFFINITY_JWT_SECRET", secrets.get("AFFINITY_JWT_SECRET")),
        members(values.getOrDefault("AFFINITY_CLUSTER_MEMBERS", "")),
        intValue(values, "AFFINITY_CLUSTER_PORT", 5701),
        boolValue(values, "AFFINITY_CLUSTERED", true),
        values.getOrDefault("AFFINITY_CLUSTER_NAME", "affinity"),
        values.getOrDefault("AFFINITY_CLUSTER_HOST", "127.0.0.1"),
        values.getOrDefault("AFFINITY_GPU", "auto").toLowerCase(java.util.Locale.ROOT),
        boolValue(values, "AFFINITY_SEED_DEMO", false),
        longValue(values, "AFFINITY_MAX_BODY_BYTES", 10L * 1024 * 1024),
        boolValue(values, "AFFINITY_SECURE_COOKIES", false),
        new BanditSettings(
            java.time.Duration.ofSeconds(longValue(values, "AFFINITY_BANDIT_INTERVAL_SECONDS",
                BanditSettings.DEFAULT_INTERVAL.toSeconds())),
            longValue(values, "AFFINITY_BANDIT_MIN_EXPOSURES", BanditSettings.DEFAULT_MIN_EXPOSURES),
            doubleValue(values, "AFFINITY_BANDIT_FLOOR", BanditSettings.DEFAULT_FLOOR)));
  }

  private static List<String> members(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static int intValue(Map<String, String> values, String key, int fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be an integer, got '" + v + "'");
    }
  }

  private static long longValue(Map<String, String> values, String key, long fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be an integer, got '" + v + "'");
    }
  }

  private static double doubleValue(Map<String, String> values, String key, double fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a number, got '" + v + "'");
    }
  }

  private static boolean boolValue(Map<String, String> values, String key, boolean fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(key + " must be true or false, got '" + v + "'");
    };
  }

  private static Map<String, String> readProperties(Path path) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("AFFINITY_CONFIG_FILE " + path + " cannot be read: " + e.getMessage());
    }
    Map<String, String> m = new HashMap<>();
    p.forEach((k, v) -> m.put(k.toString(), v.toString()));
    return m;
  }

  /** Generated-once local secrets, so a fresh checkout runs without configuration. */
  private static Map<String, String> persistedSecrets(Path dataDir) {
    Path file = dataDir.resolve("secrets.properties");
    try {
      if (Files.exists(file)) {
        return readProperties(file);
      }
      Files.createDirectories(dataDir);
      SecureRandom random = new SecureRandom();
      Properties p = new Properties();
      p.setProperty("AFFINITY_OPERATOR_TOKEN", "op_" + hex(random, 24));
      p.setProperty("AFFINITY_JWT_SECRET", hex(random, 32));
      Path tmp = dataDir.resolve("secrets.properties.tmp");
      try (var w = Files.newBufferedWriter(tmp)) {
        p.store(w, "Generated by Affinity on first start. Keep private.");
      }
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: nothing more we can do
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return readProperties(file);
    } catch (IOException e) {
      throw new ConfigException("cannot keep generated secrets in " + file + ": " + e.getMessage()
          + " (set AFFINITY_OPERATOR_TOKEN and AFFINITY_JWT_SECRET, or fix AFFINITY_DATA_DIR)");
    }
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
