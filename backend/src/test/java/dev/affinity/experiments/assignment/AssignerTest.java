package dev.affinity.experiments.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Assignment must be stable forever, respect weights and ranges, and move as few users as possible on edits. */
class AssignerTest {

  private static final int USERS = 100_000;

  private static ExperimentLayout layout(int start, int end, String salt, double... weights) {
    VariantSlot[] slots = new VariantSlot[weights.length];
    for (int i = 0; i < weights.length; i++) {
      slots[i] = new VariantSlot(String.valueOf((char) ('A' + i)), weights[i]);
    }
    return new ExperimentLayout("acme", "home", start, end, salt, List.of(slots));
  }

  @Test
  void bucketsArePinned() {
    // Cross-checked with an independent Python implementation (hashlib.sha256 over 4-byte big-endian length + UTF-8,
    // first 8 bytes big-endian unsigned mod 10000). If these change, every running experiment reshuffles its users.
    assertEquals(2614, Assigner.bucket("acme", "layer", "home", "user-1"));
    assertEquals(8280, Assigner.bucket("acme", "variant", "exp-42", "user-1"));
    assertEquals(165, Assigner.bucket("a"));
    assertEquals(9044, Assigner.bucket("tenant-ü", "layer", "", "ユーザー"));
    // length-prefixing keeps part boundaries: ("ab","c") and ("a","bc") hash differently
    assertEquals(923, Assigner.bucket("ab", "c"));
    assertEquals(3302, Assigner.bucket("a", "bc"));
  }

  @Test
  void assignmentIsDeterministic() {
    ExperimentLayout e = layout(0, 10_000, "exp-42", 50, 50);
    assertEquals(Optional.of("B"), Assigner.assign(e, "user-1")); // variant bucket 8280 >= 5000
    assertEquals(Optional.of("A"), Assigner.assign(e, "user-4")); // variant bucket 166 < 5000
    ExperimentLayout copy = layout(0, 10_000, "exp-42", 50, 50);
    for (int u = 0; u < 1000; u++) {
      assertEquals(Assigner.assign(e, "u" + u), Assigner.assign(copy, "u" + u));
    }
  }

  @Test
  void weightsAreRespectedWithinOnePercent() {
    ExperimentLayout e = layout(0, 10_000, "weights", 20, 30, 50);
    Map<String, Integer> seen = new HashMap<>();
    for (int u = 0; u < USERS; u++) {
      seen.merge(Assigner.assign(e, "user-" + u).orElseThrow(), 1, Integer::sum);
    }
    assertEquals(0.20, seen.get("A") / (double) USERS, 0.01);
    assertEquals(0.30, seen.get("B") / (double) USERS, 0.01);
    assertEquals(0.50, seen.get("C") / (double) USERS, 0.01);
  }

  @Test
  void zeroWeightVariantGetsNobody() {
    ExperimentLayout e = layout(0, 10_000, "drain", 1, 0, 1);
    for (int u = 0; u < 10_000; u++) {
      assertNotEquals(Optional.of("B"), Assigner.assign(e, "user-" + u));
    }
  }

  @Test
  void disjointRangesInOneLayerNeverShareAUser() {
    ExperimentLayout left = layout(0, 5_000, "left", 50, 50);
    ExperimentLayout right = layout(5_000, 10_000, "right", 50, 50);
    assertFalse(Assigner.overlaps(left, right));
    int inLeft = 0;
    for (int u = 0; u < USERS; u++) {
      boolean l = Assigner.assign(left, "user-" + u).isPresent();
      boolean r = Assigner.assign(right, "user-" + u).isPresent();
      assertTrue(l ^ r, "user-" + u + " must be in exactly one of two experiments covering the layer");
      inLeft += l ? 1 : 0;
    }
    assertEquals(0.5, inLeft / (double) USERS, 0.01);
  }

  @Test
  void differentLayersAreIndependent() {
    ExperimentLayout home = layout(0, 5_000, "x", 1);
    ExperimentLayout search = new ExperimentLayout("acme", "search", 0, 5_000, "y", List.of(new VariantSlot("A", 1)));
    assertFalse(Assigner.overlaps(home, search));
    int both = 0;
    for (int u = 0; u < USERS; u++) {
      if (Assigner.assign(home, "user-" + u).isPresent() && Assigner.assign(search, "user-" + u).isPresent()) {
        both++;
      }
    }
    assertEquals(0.25, both / (double) USERS, 0.01); // independent hashes: 0.5 × 0.5
  }

  @Test
  void coverageThirtyPercentCoversAboutThirtyPercent() {
    ExperimentLayout e = layout(0, 3_000, "coverage", 50, 50);
    assertEquals(0.3, e.coverage(), 1e-12);
    int in = 0;
    for (int u = 0; u < USERS; u++) {
      in += Assigner.assign(e, "user-" + u).isPresent() ? 1 : 0;
    }
    assertEquals(0.30, in / (double) USERS, 0.01);
  }

  @Test
  void wideningCoverageAtTheEndKeepsEveryAssignedUser() {
    ExperimentLayout narrow = layout(1_000, 3_000, "grow", 50, 50);
    ExperimentLayout wide = layout(1_000, 6_000, "grow", 50, 50);
    int added = 0;
    for (int u = 0; u < USERS; u++) {
      Optional<String> before = Assigner.assign(narrow, "user-" + u);
      Optional<String> after = Assigner.assign(wide, "user-" + u);
      if (before.isPresent()) {
        assertEquals(before, after, "user-" + u + " moved when coverage grew");
      } else if (after.isPresent()) {
        added++;
      }
    }
    assertEquals(0.30, added / (double) USERS, 0.01);
  }

  @Test
  void reweightingFiftyFiftyToSixtyFortyMovesAboutTenPercent() {
    ExperimentLayout before = layout(0, 10_000, "reweight", 50, 50);
    ExperimentLayout after = layout(0, 10_000, "reweight", 60, 40);
    int moved = 0;
    for (int u = 0; u < USERS; u++) {
      String b = Assigner.assign(before, "user-" + u).orElseThrow();
      String a = Assigner.assign(after, "user-" + u).orElseThrow();
      if (!a.equals(b)) {
        assertEquals("B", b, "only B loses users when A grows");
        moved++;
      }
    }
    assertEquals(0.10, moved / (double) USERS, 0.01);
  }

  @Test
  void overlapNeedsSameTenantLayerAndIntersectingRanges() {
    assertTrue(Assigner.overlaps(layout(0, 5_000, "a", 1), layout(4_999, 6_000, "b", 1)));
    assertFalse(Assigner.overlaps(layout(0, 5_000, "a", 1), layout(5_000, 6_000, "b", 1)));
    ExperimentLayout otherTenant = new ExperimentLayout("other", "home", 0, 10_000, "a", List.of(new VariantSlot("A",
        1)));
    assertFalse(Assigner.overlaps(layout(0, 10_000, "a", 1), otherTenant));
    assertFalse(Assigner.overlaps(layout(0, 10_000, "a", 1), layout(3_000, 3_000, "empty", 1)));
  }

  @Test
  void invalidLayoutsAreRejectedWithClearMessages() {
    List<VariantSlot> ab = List.of(new VariantSlot("A", 1), new VariantSlot("B", 1));
    assertThrows(IllegalArgumentException.class, () -> new VariantSlot(" ", 1));
    assertThrows(IllegalArgumentException.class, () -> new VariantSlot("A", -1));
    assertThrows(IllegalArgumentException.class, () -> new VariantSlot("A", Double.NaN));
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> new ExperimentLayout("acme", "home", 0, 10_001, "s", ab));
    assertTrue(range.getMessage().contains("rangeEnd"), range.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ExperimentLayout("acme", "home", 6, 5, "s", ab));
    assertThrows(IllegalArgumentException.class, () -> new ExperimentLayout("", "home", 0, 1, "s", ab));
    assertThrows(IllegalArgumentException.class, () -> new ExperimentLayout("acme", "home", 0, 1, "", ab));
    assertThrows(IllegalArgumentException.class, () -> new ExperimentLayout("acme", "home", 0, 1, "s", List.of()));
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new ExperimentLayout("acme",
        "home", 0, 1, "s", List.of(new VariantSlot("A", 1), new VariantSlot("A", 1))));
    assertTrue(dup.getMessage().contains("duplicate"), dup.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ExperimentLayout("acme", "home", 0, 1, "s",
        List.of(new VariantSlot("A", 0))));
    assertThrows(IllegalArgumentException.class, () -> Assigner.bucket("a", null));
    assertThrows(IllegalArgumentException.class, () -> Assigner.assign(layout(0, 1, "s", 1), ""));
  }
}
