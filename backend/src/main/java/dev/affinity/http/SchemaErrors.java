package dev.affinity.http;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;

/** Turns the OpenAPI validator's output into one sentence that says where the request is wrong. */
final class SchemaErrors {
  private SchemaErrors() {
  }

  static String describe(ValidatorException e) {
    if (!(e instanceof SchemaValidationException s) || s.getOutputUnit() == null) {
      return e.getMessage();
    }
    List<String> parts = new ArrayList<>();
    collect(s.getOutputUnit(), parts);
    // "A subschema had errors" and friends only repeat that a child failed; keep the specific reasons
    List<String> specific = parts.stream().filter(p -> !isGeneric(p)).toList();
    if (!specific.isEmpty()) {
      parts = specific;
    }
    if (parts.isEmpty()) {
      return e.getMessage();
    }
    return e.getMessage() + " — " + String.join("; ", parts.subList(0, Math.min(parts.size(), 5)));
  }

  private static boolean isGeneric(String part) {
    return part.endsWith("A subschema had errors") || part.endsWith("Items did not match schema")
        || part.endsWith("does not match schema");
  }

  private static void collect(OutputUnit unit, List<String> parts) {
    if (unit.getErrors() != null) {
      for (OutputUnit err : unit.getErrors()) {
        collect(err, parts);
      }
    }
    if (unit.getError() != null && (unit.getErrors() == null || unit.getErrors().isEmpty())) {
      String at = unit.getInstanceLocation() == null || unit.getInstanceLocation().isEmpty()
          ? "body" : unit.getInstanceLocation();
      parts.add(at + ": " + unit.getError());
    }
  }
}
