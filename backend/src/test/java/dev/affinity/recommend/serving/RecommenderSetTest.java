package dev.affinity.recommend.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The hash set behind "exclude seen" answers exactly like a real set, at every size. */
class RecommenderSetTest {
  @Test
  void membershipMatchesAHashSet() {
    Random r = new Random(42);
    for (int size : new int[] {0, 1, 2, 3, 7, 45, 64, 65, 1000}) {
      int[] items = new int[size];
      Set<Integer> expected = new HashSet<>();
      for (int k = 0; k < size; k++) {
        items[k] = r.nextInt(5000);
        expected.add(items[k]);
      }
      IntPredicate in = Recommender.inSet(items);
      for (int i = 0; i < 5000; i++) {
        assertEquals(expected.contains(i), in.test(i), "size " + size + ", item " + i);
      }
    }
  }
}
