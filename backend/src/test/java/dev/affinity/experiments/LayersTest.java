package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.http.ApiProblem;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LayersTest {
  @Test
  void firstFitTakesTheFirstGapThatIsWideEnough() {
    List<Layers.Range> taken = List.of(new Layers.Range(1000, 3000), new Layers.Range(0, 500),
        new Layers.Range(4000, 9000));
    assertEquals(OptionalInt.of(500), Layers.firstFit(taken, 500));
    assertEquals(OptionalInt.of(3000), Layers.firstFit(taken, 501));
    assertEquals(OptionalInt.of(3000), Layers.firstFit(taken, 1000));
    assertEquals(OptionalInt.empty(), Layers.firstFit(taken, 1001));
    assertEquals(OptionalInt.of(0), Layers.firstFit(List.of(), 10_000));
  }

  @Test
  void noRoomIsAConflictThatSaysHowMuchIsFree() {
    ApiProblem p = assertThrows(ApiProblem.class, () -> Layers.allocate("home",
        List.of(new Layers.Range(0, 2000), new Layers.Range(3000, 8500)), 2000));
    assertEquals(409, p.status());
    assertTrue(p.getMessage().startsWith("Layer 'home' has only 25% free (the largest free piece is 15%)"),
        p.getMessage());
  }
}
