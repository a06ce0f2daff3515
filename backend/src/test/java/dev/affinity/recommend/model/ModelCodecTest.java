package dev.affinity.recommend.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModelCodecTest {
  private static final Interactions X = PlantedData.matrix(PlantedData.events(30, 25, 10, 7));

  @Test
  void itemKnnRoundTripIsLossless() {
    TrainedModel m = ItemKnn.fit(X);
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
    TrainedModel m = Popularity.fit(X);
    assertEquals(m, ModelCodec.decode(ModelCodec.encode(m)));
    assertNotEquals(m, ItemKnn.fit(X), "equality looks at the kind and the neighbours");
  }

  @Test
  void nonAsciiIdsSurvive() {
    Interactions x = new Interactions.Builder().add("ü", "商品-1", 1).add("ü", "🎧", 2).add("v", "🎧", 1).build();
    TrainedModel m = ItemKnn.fit(x);
    assertEquals(m, ModelCodec.decode(ModelCodec.encode(m)));
  }

  @Test
  void corruptPayloadsAreRejected() {
    byte[] good = ModelCodec.encode(ItemKnn.fit(X));
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
