package dev.affinity.recommend;

import dev.affinity.recommend.serving.Recommender;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the serving answers ({@code {"recommendationId","model","experiment","variant","items":[{"id","score"}]}})
 * straight into a buffer. These are the hottest responses of the service; building a JsonObject tree
 * and encoding it through Jackson cost about a tenth of a request's CPU in the serving profile. Strings
 * are escaped per RFC 8259; a non-finite score (never produced by the models) is written as 0 so the
 * answer stays valid JSON.
 */
final class ScoredJson {
  private ScoredJson() {
  }

  /** The recommendations answer; {@code experiment}/{@code variant} may be null. */
  static Buffer recommendations(String recommendationId, Recommender.Result r, String experiment, String variant) {
    StringBuilder b = new StringBuilder(64 + 48 * r.items().size());
    b.append("{\"recommendationId\":");
    string(b, recommendationId);
    b.append(",\"model\":");
    string(b, r.model());
    b.append(",\"experiment\":");
    string(b, experiment);
    b.append(",\"variant\":");
    string(b, variant);
    items(b.append(','), r.items());
    return Buffer.buffer(b.append('}').toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The similar/popular answer: {@code {"model","items":[...]}}. */
  static Buffer list(Recommender.Result r) {
    StringBuilder b = new StringBuilder(32 + 48 * r.items().size());
    b.append("{\"model\":");
    string(b, r.model());
    items(b.append(','), r.items());
    return Buffer.buffer(b.append('}').toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void items(StringBuilder b, List<Recommender.Scored> items) {
    b.append("\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      Recommender.Scored s = items.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"id\":");
      string(b, s.id());
      b.append(",\"score\":").append(Double.isFinite(s.score()) ? s.score() : 0.0).append('}');
    }
    b.append(']');
  }

  static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
