package dev.affinity.recommend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much each kind of event says about a user's interest in an item. Training and serving both sum
 * these per (user, item) in SQL and drop pairs whose sum is not positive, so a dislike cancels a view
 * and a purchase outweighs a dislike. The SQL expression is generated from the same table as
 * {@link #weight}, so the two cannot drift apart.
 *
 * <ul>
 *   <li>purchase 5, cart 3, like 3, click 2, view 1, dislike −3;</li>
 *   <li>rating: {@code value − 2.5} clipped to [0, 2.5], so a 1–5 star rating counts only above
 *       the middle, and a 5-star rating weighs like half a purchase; a rating without value counts 0;</li>
 *   <li>anything else counts 0.</li>
 * </ul>
 */
public final class EventWeights {
  /** The rating that carries no signal; only the part above it counts. */
  public static final double RATING_PIVOT = 2.5;
  /** The most a single rating can weigh. */
  public static final double RATING_MAX = 2.5;

  private static final Map<String, Double> FIXED = fixed();

  /**
   * SQL expression over an {@code events} row's {@code type} and {@code value} columns giving its
   * weight (double precision). Use inside {@code sum(...)} grouped by user and item.
   */
  public static final String SQL = sql();

  private EventWeights() {
  }

  private static Map<String, Double> fixed() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("purchase", 5.0);
    m.put("cart", 3.0);
    m.put("like", 3.0);
    m.put("click", 2.0);
    m.put("view", 1.0);
    m.put("dislike", -3.0);
    return m;
  }

  /** The weight of one event of this type with this value (value is only read for ratings). */
  public static double weight(String type, Double value) {
    if ("rating".equals(type)) {
      double v = value == null ? RATING_PIVOT : value;
      return Math.min(Math.max(v - RATING_PIVOT, 0), RATING_MAX);
    }
    return FIXED.getOrDefault(type, 0.0);
  }

  private static String sql() {
    StringBuilder b = new StringBuilder("(case type");
    FIXED.forEach((type, w) -> b.append(" when '").append(type).append("' then ").append(w).append("::float8"));
    b.append(" when 'rating' then least(greatest(coalesce(value, ").append(RATING_PIVOT).append(") - ")
        .append(RATING_PIVOT).append(", 0), ").append(RATING_MAX).append(")");
    b.append(" else 0::float8 end)");
    return b.toString();
  }
}
