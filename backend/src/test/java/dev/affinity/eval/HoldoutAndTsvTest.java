package dev.affinity.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.models.Interactions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoldoutAndTsvTest {

  @TempDir
  Path dir;

  @Test
  void holdoutKeepsUnknownItemsAsUnhittableAndCountsUnknownUsers() {
    Interactions x = Interactions.fromPairs(List.of("a", "b"), List.of("x", "y"));
    Holdout h = Holdout.of(x, List.of("a", "a", "a", "zed", "b"), List.of("y", "new", "y", "x", "x"));
    assertArrayEquals(new int[] {1, -1}, h.items()[0]); // duplicate (a,y) once; unknown item kept as -1
    assertArrayEquals(new int[] {0}, h.items()[1]);
    assertEquals(1, h.unknownUsers());
    assertEquals(2, h.evaluableUsers());
  }

  @Test
  void tsvFindsColumnsByHeaderAndIgnoresExtraOnes() throws Exception {
    Path f = Files.writeString(dir.resolve("a.tsv"), "ts\titem\tuser\n1\ti1\tu1\n\n2\ti2\tu2\n");
    Tsv.Pairs p = Tsv.read(f);
    assertEquals(List.of("u1", "u2"), p.users());
    assertEquals(List.of("i1", "i2"), p.items());
  }

  @Test
  void tsvSortsByATimestampColumnAndKeepsFileOrderOnTies() throws Exception {
    Path f = Files.writeString(dir.resolve("t.tsv"), "user\titem\ttimestamp\nu\tc\t30\nu\ta\t10\nu\tb\t10\n");
    assertEquals(List.of("a", "b", "c"), Tsv.read(f).items());
    Path bad = Files.writeString(dir.resolve("t2.tsv"), "user\titem\ttimestamp\nu\tc\tlater\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tsv.read(bad));
    assertTrue(e.getMessage().contains(":2: timestamp"), e.getMessage());
  }

  @Test
  void tsvRejectsMissingHeaderAndShortLinesWithTheLineNumber() throws Exception {
    Path noHeader = Files.writeString(dir.resolve("b.tsv"), "1\t2\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tsv.read(noHeader));
    assertTrue(e.getMessage().contains("header must name columns 'user' and 'item'"), e.getMessage());
    Path shortLine = Files.writeString(dir.resolve("c.tsv"), "user\titem\nu1\ti1\nu2\n");
    e = assertThrows(IllegalArgumentException.class, () -> Tsv.read(shortLine));
    assertTrue(e.getMessage().contains("c.tsv:3"), e.getMessage());
  }
}
