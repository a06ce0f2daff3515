package dev.affinity.models;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of {@code key=value} options that reject unknown keys and malformed numbers with a
 * message naming the key, so a typo on the command line never silently trains with a default.
 */
public final class Params {

  private final String algorithm;
  private final Map<String, String> values;
  private final Set<String> known = new TreeSet<>();

  public Params(String algorithm, Map<String, String> values) {
    this.algorithm = algorithm;
    this.values = new HashMap<>(values);
  }

  public int getInt(String key, int def) {
    known.add(key);
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(algorithm + ": " + key + " must be an integer, got '" + v + "'");
    }
  }

  public double getDouble(String key, double def) {
    known.add(key);
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(algorithm + ": " + key + " must be a number, got '" + v + "'");
    }
  }

  public long getLong(String key, long def) {
    known.add(key);
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(algorithm + ": " + key + " must be an integer, got '" + v + "'");
    }
  }

  public String getString(String key, String def) {
    known.add(key);
    String v = values.get(key);
    return v == null ? def : v.trim();
  }

  /** A comma-separated list ({@code ease,rp3beta}, {@code 200,600}), blanks dropped; {@code def} when absent. */
  public java.util.List<String> getList(String key, java.util.List<String> def) {
    String v = getString(key, null);
    if (v == null) {
      return def;
    }
    return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
  }

  /** Call after all reads: fails on keys nobody asked for. */
  public void checkNoneLeft() {
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException(algorithm + ": unknown parameter '" + k + "' (known: "
            + String.join(", ", known) + ")");
      }
    }
  }

  /** Fails with {@code message} unless {@code ok}; used by the options records' constructors. */
  public static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
