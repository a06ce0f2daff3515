package dev.affinity.recommend.model;

import dev.affinity.models.Interactions;
import dev.affinity.recommend.ModelKind;
import dev.affinity.models.InteractionsBuilder;
import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModelCodecTest {
  private static final Interactions X = PlantedData.matrix(PlantedData.events(30, 25, 10, 7));

  @Test
  void itemKnnRoundTripIsLossless() {
    TrainedModel m = PlantedData.fit(ModelKind.ITEM_KNN, X, Map.of());
    byte[] bytes = ModelCodec.encode(m);
    TrainedModel back = ModelCodec.decode(bytes);
    assertEquals(m, back);
    for (int i = 0; i < m.items(); i++) {
      for (int k = 0; k < m.neighbourCount(i); k++) {
        assertEquals(Float.floatToRawIntBits(m.similarity(i, k)), Float.floatToRawIntBits(back.similarity(i, k)));
      }
    }
    assEqualBytes(bytes, ModelCodec.encode(back));
  }

  @Test
  void popularityRoundTripIsLossless() {
    TrainedModel m = PlantedData.fit(ModelKind.POPULARITY, X, Map.of());
    assertEquals(m, ModelCodec.decode(ModelCodec.encode(m)));
    assertNotEquals(m, PlantedData.fit(ModelKind.ITEM_KNN, X, Map.of()), "equality looks at the kind and the neighbours");
  }

  @Test
  void denseModelsRoundTripWithIdenticalScores() {
    for (ModelKind kind : new ModelKind[] {ModelKind.fromWire("ease").orElseThrow(),
        ModelKind.fromWire("ials").orElseThrow()}) {
      TrainedModel m = PlantedData.fit(kind, X, Map.of());
      assertTrue(m.dense(), kind + " is scored by fold-in");
      TrainedModel back = ModelCodec.decode(ModelCodec.encode(m));
      assertEquals(m, back);
      int u = X.userIndex("ua003");
      float[] a = new float[m.items()];
      float[] b = new float[m.items()];
      m.scorer().scoreHistory(X.row(u), PlantedData.weights(X, u), a);
      back.scorer().scoreHistory(X.row(u), PlantedData.weights(X, u), b);
      assertArrayEquals(a, b, 0f, kind + " scores survive the round trip bit for bit");
    }
  }

  @Test
  void formatOnePayloadsFromBeforeTheLibraryStillDecode() {
    TrainedModel m = PlantedData.fit(ModelKind.ITEM_KNN, X, Map.of());
    byte[] v2 = ModelCodec.encode(m);
    // format 1 is format 2 without the trailing "no dense part" flag
    byte[] v1 = Arrays.copyOf(v2, v2.length - 1);
    v1[5] = 1;
    assertEquals(m, ModelCodec.decode(v1));
  }

  @Test
  void nonAsciiIdsSurvive() {
    Interactions x = new InteractionsBuilder().add("ü", "商品-1", 1).add("ü", "🎧", 2).add("v", "🎧", 1).build();
    TrainedModel m = PlantedData.fit(ModelKind.ITEM_KNN, x, Map.of());
    assertEquals(m, ModelCodec.decode(ModelCodec.encode(m)));
  }

  @Test
  void corruptPayloadsAreRejected() {
    byte[] good = ModelCodec.encode(PlantedData.fit(ModelKind.ITEM_KNN, X, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> ModelCodec.decode(Arrays.copyOf(good, good.length - 3)));
    assertThrows(IllegalArgumentException.class, () -> ModelCodec.decode(Arrays.copyOf(good, good.length + 1)));
    byte[] badMagic = good.clone();
    badMagic[0] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> ModelCodec.decode(badMagic));
    assertThrows(IllegalArgumentException.class, () -> ModelCodec.decode(new byte[0]));
  }

  private static void assEqualBytes(byte[] a, byte[] b) {
    assertEquals(Arrays.hashCode(a), Arrays.hashCode(b), "re-encoding gives the same bytes");
  }
}
