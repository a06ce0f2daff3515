package dev.affinity.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

  @Test
  void matchesFullSortAndSkipsMaskedItems() {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      float[] s = new float[200];
      for (int i = 0; i < s.length; i++) {
        s[i] = rnd.nextInt(50); // many ties
        if (rnd.nextInt(10) == 0) {
          s[i] = Float.NEGATIVE_INFINITY;
        }
      }
      int k = 1 + rnd.nextInt(30);
      int[] expected = IntStream.range(0, s.length).boxed()
          .filter(i -> s[i] != Float.NEGATIVE_INFINITY)
          .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparing(i -> i))
          .limit(k).mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, TopK.select(s, 0, s.length, k));
    }
  }

  @Test
  void returnsIndicesRelativeToTheRangeStart() {
    float[] s = {9, 9, 1, 3, 2};
    assertArrayEquals(new int[] {1, 2}, TopK.select(s, 2, 5, 2));
  }
}
