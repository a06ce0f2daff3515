package dev.affinity.models.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  private final Tokenizer tokenizer = new Tokenizer(2);

  @Test
  void lowerCasesAndMeetsComposedAndDecomposedSpellings() {
    // "CAFÉ" upper case, "cafe\u0301" decomposed: NFKC and lower case make all three one term
    assertEquals(List.of("café", "café", "and", "café"), tokenizer.words("Café, CAFÉ and cafe\u0301!"));
  }

  @Test
  void keepsWordsOfOtherScriptsWholeAndDropsShortOnes() {
    assertEquals(List.of("straße", "θάλασσα", "हिन्दी", "東京タワー", "42"),
        tokenizer.words("a Straße; θάλασσα — हिन्दी/東京タワー (42)"));
    assertEquals(List.of("a", "x"), new Tokenizer(1).words("a-x"));
    assertTrue(tokenizer.words("z".repeat(Tokenizer.MAX_TOKEN_LENGTH + 1)).isEmpty());
  }

  @Test
  void categoriesAreWholeLabelsThatNeverCollideWithWords() {
    assertEquals("category:sci-fi", Tokenizer.category("  Sci-Fi "));
    assertEquals("category:film noir", Tokenizer.category("Film \t Noir"));
    assertNull(Tokenizer.category("   "));
    assertTrue(Tokenizer.isCategory(Tokenizer.category("Drama")));
    assertFalse(tokenizer.words("Drama").stream().anyMatch(Tokenizer::isCategory));
  }
}
