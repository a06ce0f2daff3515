package dev.affinity.catalog;

import dev.affinity.http.ApiProblem;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses the API's RFC 3339 timestamps. The schema's {@code format: date-time} is only an annotation
 * for the validator, so the handlers parse here and answer 400 naming the offending field
 * ({@code [3].timestamp}) instead of storing a value PostgreSQL would reject halfway through a batch.
 */
public final class Timestamps {
  private Timestamps() {
  }

  /**
   * The timestamp as UTC, or {@code fallback} when absent.
   *
   * @param where the field's location for the error message, e.g. {@code [3].timestamp}
   */
  public static OffsetDateTime parse(String text, String where, OffsetDateTime fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(where + ": '" + text + "' is not an RFC 3339 date-time with an offset,"
          + " e.g. 2026-11-22T10:00:00Z");
    }
  }
}
