package dev.affinity.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionsTest {

  private final Interactions x = Interactions.fromPairs(
      List.of("a", "b", "a", "c", "a", "b"),
      List.of("x", "y", "z", "x", "x", "x"));

  @Test
  void buildsSortedDeduplicatedRowsWithIdMaps() {
    assertEquals(3, x.numUsers());
    assertEquals(3, x.numItems());
    assertEquals(5, x.nnz()); // (a,x) counted once
    assertArrayEquals(new int[] {0, 2}, x.row(x.userIndex("a")));
    assertArrayEquals(new int[] {0, 1}, x.row(x.userIndex("b")));
    assertEquals("z", x.itemId(2));
    assertEquals(-1, x.userIndex("nobody"));
    assertArrayEquals(new int[] {3, 1, 1}, x.itemCounts());
  }

  @Test
  void transposeSwapsRowsAndColumns() {
    Interactions t = x.transpose();
    assertEquals(3, t.numUsers());
    assertArrayEquals(new int[] {0, 1, 2}, t.row(0)); // item x: users a, b, c
    assertArrayEquals(new int[] {1}, t.row(1));
    assertArrayEquals(new int[] {0}, t.row(2));
  }

  @Test
  void roundTripsLosslessly() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    x.write(new DataOutputStream(bytes));
    Interactions y = Interactions.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(x.nnz(), y.nnz());
    for (int u = 0; u < x.numUsers(); u++) {
      assertEquals(x.userId(u), y.userId(u));
      assertArrayEquals(x.row(u), y.row(u));
    }
    assertEquals(x.itemIndex("z"), y.itemIndex("z"));
  }

  @Test
  void rejectsMismatchedInput() {
    assertThrows(IllegalArgumentException.class, () -> Interactions.fromPairs(List.of("a"), List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> Interactions.build(new String[] {"u"}, new String[] {"i"}, new int[] {0}, new int[] {1}));
  }

  @Test
  void listOrderIsTimeOrderAndFilteringKeepsIt() {
    // user a met x, z, then x again: x is the most recent, z the one before
    int a = x.userIndex("a");
    int p = x.rowStart(a);
    assertArrayEquals(new int[] {p + 1, p}, x.chronological(a));
    assertEquals(0, x.age(p));
    assertEquals(1, x.age(p + 1));
    Interactions withoutX = x.filter(q -> x.cols()[q] != x.itemIndex("x"));
    assertEquals(0, withoutX.age(withoutX.rowStart(a)));
    assertThrows(IllegalArgumentException.class, () -> x.withRecency(new int[x.nnz()]));
  }

  @Test
  void builderTakesTheLatestTimeOfEachPair() {
    Interactions b = new InteractionsBuilder()
        .add("u", "old", 1, 10).add("u", "new", 1, 30).add("u", "back", 1, 5).add("u", "back", 1, 40)
        .add("v", "old", 1, 1)
        .build();
    int u = b.userIndex("u");
    int[] order = b.chronological(u);
    String[] ids = new String[order.length];
    for (int k = 0; k < order.length; k++) {
      ids[k] = b.itemId(b.cols()[order[k]]);
    }
    assertArrayEquals(new String[] {"old", "new", "back"}, ids);
    assertFalse(new InteractionsBuilder().add("u", "i", 1).build().hasRecency());
  }
}
