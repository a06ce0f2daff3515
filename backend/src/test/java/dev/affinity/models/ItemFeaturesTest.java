package dev.affinity.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Item descriptions ride on the interaction matrix without disturbing what other models see. */
class ItemFeaturesTest {

  private final Interactions x = Interactions.fromPairs(List.of("a", "b", "a"), List.of("x", "y", "z"));

  private static ItemFeatures features() {
    Map<String, ItemFeatures.Item> m = new LinkedHashMap<>();
    m.put("new2", new ItemFeatures.Item("second new", List.of("C")));
    m.put("y", new ItemFeatures.Item(null, null));
    m.put("new1", new ItemFeatures.Item("first new", List.of()));
    return new ItemFeatures(m);
  }

  @Test
  void describedItemsWithoutInteractionsAreAppendedAsEmptyColumns() {
    Interactions f = x.withItemFeatures(features());
    assertEquals(5, f.numItems());
    for (String id : List.of("x", "y", "z")) {
      assertEquals(x.itemIndex(id), f.itemIndex(id));
    }
    assertEquals(3, f.itemIndex("new2"));
    assertEquals(4, f.itemIndex("new1"));
    assertArrayEquals(new int[] {1, 1, 1, 0, 0}, f.itemCounts());
    assertEquals(x.nnz(), f.nnz());
    assertEquals(5, f.transpose().numUsers()); // the transpose has a row per column
    assertEquals("", f.itemFeatures().orElseThrow().get("y").text());
    assertTrue(x.itemFeatures().isEmpty());
  }

  @Test
  void writtenMatrixKeepsTheColdColumnsButNotTheText() throws Exception {
    Interactions f = x.withItemFeatures(features());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    f.write(new DataOutputStream(bytes));
    Interactions back = Interactions.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(5, back.numItems());
    assertEquals("new1", back.itemId(4));
    assertTrue(back.itemFeatures().isEmpty());
  }

  @Test
  void filterKeepsIdsValuesAndFeatures() {
    Interactions f = x.withItemFeatures(features());
    Interactions kept = f.filter(p -> f.cols()[p] != f.itemIndex("x"));
    assertEquals(2, kept.nnz());
    assertEquals(f.numItems(), kept.numItems());
    assertArrayEquals(new int[] {2}, kept.row(kept.userIndex("a")));
    assertTrue(kept.itemFeatures().isPresent());
  }
}
