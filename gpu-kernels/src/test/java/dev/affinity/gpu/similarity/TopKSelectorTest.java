package dev.affinity.gpu.similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The selector against a full sort in {@link TopKOrder}, on inputs built to hit its edges. */
class TopKSelectorTest {

  @ParameterizedTest(name = "n={0} k={1} distinct={2}")
  @CsvSource({
      "0, 5, 10", "1, 1, 10", "3, 10, 10", "100, 100, 1000", "101, 100, 1000",
      "5000, 1, 1000000", "5000, 7, 3", "20000, 100, 50", "20000, 100, 1000000", "3000, 250, 2",
  })
  void keepsExactlyTheKBestInOrder(int n, int k, int distinct) {
    Random rnd = new Random(31L * n + k);
    float[] pool = new float[distinct];
    for (int i = 0; i < distinct; i++) {
      pool[i] = switch (i % 9) {
        case 0 -> 0f;
        case 1 -> -0f;
        case 2 -> Float.NEGATIVE_INFINITY;
        case 3 -> Float.POSITIVE_INFINITY;
        case 4 -> Float.NaN;
        default -> (float) rnd.nextGaussian() * (rnd.nextBoolean() ? 1e-30f : 1e3f);
      };
    }
    float[] scores = new float[n];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      scores[i] = pool[rnd.nextInt(distinct)];
      order.add(i);
    }
    Collections.shuffle(order, rnd); // ids arrive in any order, split over two selectors and merged
    TopKSelector a = new TopKSelector(k);
    TopKSelector b = new TopKSelector(k); // fed like a tile scan: checked appends, a flush per "row"
    float bThreshold = b.threshold();
    int appended = 0;
    int row = 1 + rnd.nextInt(TopKSelector.APPEND_ROOM);
    for (int j = 0; j < n; j++) {
      int id = order.get(j);
      if (j % 3 != 0) {
        a.offer(scores[id], id);
      } else if (scores[id] >= bThreshold) {
        b.append(scores[id], id);
        if (++appended == row) {
          b.flush();
          bThreshold = b.threshold();
          appended = 0;
          row = 1 + rnd.nextInt(TopKSelector.APPEND_ROOM);
        }
      }
    }
    b.flush();
    a.offerAll(b);
    int[] ids = new int[k];
    float[] got = new float[k];
    a.writeSorted(ids, got, 0);

    Integer[] expected = order.stream().filter(i -> !Float.isNaN(scores[i])).toArray(Integer[]::new);
    Arrays.sort(expected, (x, y) -> TopKOrder.better(scores[x], x, scores[y], y) ? -1
        : TopKOrder.better(scores[y], y, scores[x], x) ? 1 : 0);
    int[] wantIds = new int[k];
    float[] wantScores = new float[k];
    for (int j = 0; j < k; j++) {
      wantIds[j] = j < expected.length ? expected[j] : -1;
      wantScores[j] = j < expected.length ? scores[expected[j]] : Float.NEGATIVE_INFINITY;
    }
    assertArrayEquals(wantIds, ids);
    for (int j = 0; j < k; j++) { // bit-exact, so -0 stays -0
      assertEquals(Float.floatToRawIntBits(wantScores[j]), Float.floatToRawIntBits(got[j]), "rank " + j);
    }
  }
}
