package dev.affinity.models.content;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns item text into terms the same way for every language the catalogue may hold: Unicode NFKC
 * (so full-width, ligature and composed/decomposed spellings meet), lower case without a locale
 * (Turkish dotless i must not change other languages' words), and maximal runs of letters, digits and
 * combining marks (marks keep Devanagari or Thai words whole). Categories become one term each,
 * prefixed so that the category "Drama" never collides with the word "drama".
 */
final class Tokenizer {

  /** Longer runs are identifiers, URLs or base64, not words; the cap also bounds saved term sizes. */
  static final int MAX_TOKEN_LENGTH = 64;

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final String CATEGORY = "category:";

  private final int minLength;

  /** @param minLength shortest token kept, in code points (2 drops stray letters; 1 suits CJK) */
  Tokenizer(int minLength) {
    this.minLength = minLength;
  }

  /** The text's word tokens in order, repeats included (term frequency counts them). */
  List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(normalise(text));
    while (m.find()) {
      String t = m.group();
      int len = t.codePointCount(0, t.length());
      if (len >= minLength && len <= MAX_TOKEN_LENGTH) {
        out.add(t);
      }
    }
    return out;
  }

  /** The term of a category label: the whole label, normalised, with inner spaces collapsed. */
  static String category(String label) {
    String s = SPACE.matcher(normalise(label).strip()).replaceAll(" ");
    return s.isEmpty() ? null : CATEGORY + s;
  }

  static boolean isCategory(String term) {
    return term.startsWith(CATEGORY);
  }

  private static String normalise(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
