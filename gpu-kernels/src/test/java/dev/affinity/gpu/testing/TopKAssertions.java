package dev.affinity.gpu.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.gpu.similarity.TopKResult;
import java.util.HashSet;
import java.util.Set;

/**
 * Compares two top-k results that may differ by floating-point rounding: scores rank by rank
 * within a tolerance, ids exactly wherever the expected score is not within the tolerance of a
 * neighbour (a near-tie may legitimately swap), no duplicates, and padding in the same places.
 */
public final class TopKAssertions {
  private TopKAssertions() {}

  public static void assertClose(TopKResult expected, TopKResult actual, float tolerance) {
    assertEquals(expected.rows(), actual.rows());
    assertEquals(expected.k(), actual.k());
    int k = expected.k();
    for (int r = 0; r < expected.rows(); r++) {
      Set<Integer> seen = new HashSet<>();
      for (int j = 0; j < k; j++) {
        float e = expected.score(r, j);
        float a = actual.score(r, j);
        int row = r;
        int rank = j;
        if (expected.id(r, j) == -1) {
          assertEquals(-1, actual.id(r, j), () -> "padding expected at row " + row + " rank " + rank);
          continue;
        }
        assertTrue(Math.abs(e - a) <= tolerance * (1 + Math.abs(e)),
            () -> "row " + row + " rank " + rank + ": score " + a + " expected " + e);
        assertTrue(actual.id(r, j) >= 0 && seen.add(actual.id(r, j)), "duplicate or padding id in row " + r);
        boolean nearTie = (j > 0 && Math.abs(expected.score(r, j - 1) - e) <= tolerance * (1 + Math.abs(e)))
            || (j + 1 < k && Math.abs(expected.score(r, j + 1) - e) <= tolerance * (1 + Math.abs(e)));
        if (!nearTie) {
          assertEquals(expected.id(r, j), actual.id(r, j), () -> "row " + row + " rank " + rank);
        }
      }
    }
  }
}
