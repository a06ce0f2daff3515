package dev.affinity.models.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.models.Interactions;
import dev.affinity.models.PlantedData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NormalisationAndSplitTest {

  @Test
  void zscoreCentresAndScalesTheCandidatesAndZeroesTrainingItems() {
    float[] s = {9, 1, 2, 100, 3};
    Normalisation.ZSCORE.apply(s, 0, 5, new int[] {0, 3}, 0, 2);
    assertEquals(0f, s[0]);
    assertEquals(0f, s[3]);
    assertEquals(0f, s[1] + s[2] + s[4], 1e-6f);
    assertEquals(3f, s[1] * s[1] + s[2] * s[2] + s[4] * s[4], 1e-5f); // unit variance over 3 candidates
    assertTrue(s[4] > s[2] && s[2] > s[1]);
    float[] flat = {5, 5, 5};
    Normalisation.ZSCORE.apply(flat, 0, 3, new int[0], 0, 0);
    assertArrayEquals(new float[3], flat);
  }

  @Test
  void rankKeepsOnlyTheOrderWithTiesByIndex() {
    float[] s = {0.5f, -2f, 7f, 0.5f, Float.NEGATIVE_INFINITY, 1e9f};
    Normalisation.RANK.apply(s, 0, 6, new int[] {5}, 0, 1);
    assertEquals(1f / 61, s[2]);
    assertEquals(1f / 62, s[0]);
    assertEquals(1f / 63, s[3]);
    assertEquals(1f / 64, s[1]);
    assertEquals(1f / 65, s[4]);
    assertEquals(0f, s[5]);
  }

  @Test
  void splitHoldsOutAFractionOfSampledUsersOnly() {
    Interactions x = PlantedData.standard().train();
    Split a = Split.of(x, 0.25, 0, 100, 9);
    assertEquals(100, a.users().length);
    int heldOut = 0;
    for (int s = 0; s < a.users().length; s++) {
      int u = a.users()[s];
      int[] kept = a.fitting().row(u);
      int[] targets = a.targets()[s];
      assertEquals(Math.max(1, Math.round(0.25 * x.rowSize(u))), targets.length);
      assertEquals(x.rowSize(u), kept.length + targets.length);
      for (int i : targets) {
        assertTrue(Arrays.binarySearch(kept, i) < 0 && Arrays.binarySearch(x.row(u), i) >= 0);
      }
      heldOut += targets.length;
    }
    assertEquals(x.nnz() - heldOut, a.fitting().nnz());
    assertEquals(x.numItems(), a.fitting().numItems());
    Split b = Split.of(x, 0.25, 0, 100, 9);
    assertArrayEquals(a.users(), b.users());
    assertArrayEquals(a.targets()[7], b.targets()[7]);
  }

  @Test
  void coldItemsLoseAllTheirInteractionsAndBecomeTargets() {
    Interactions x = PlantedData.standard().train();
    Split s = Split.of(x, 0.2, 0.1, 50, 4);
    int[] before = x.itemCounts();
    int[] after = s.fitting().itemCounts();
    int cold = 0;
    for (int i = 0; i < x.numItems(); i++) {
      if (before[i] > 0 && after[i] == 0) {
        cold++;
      }
    }
    assertEquals(Math.round(0.1 * x.numItems()), cold);
    int coldTargets = 0;
    for (int k = 0; k < s.users().length; k++) {
      for (int i : s.targets()[k]) {
        coldTargets += after[i] == 0 ? 1 : 0;
      }
      assertEquals(x.rowSize(s.users()[k]), s.fitting().rowSize(s.users()[k]) + s.targets()[k].length);
    }
    assertTrue(coldTargets > 0);
  }
}
