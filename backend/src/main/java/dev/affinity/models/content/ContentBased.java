package dev.affinity.models.content;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.ItemFeatures;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Content-based recommendation from item text and categories: items are L2-normalised TF-IDF
 * vectors ({@link TfIdf}), a user is the interaction-weighted sum of the vectors of the items they
 * interacted with, and an item's score is its cosine similarity to that profile.
 *
 * <p>It exists for cold start: an item that nobody has interacted with yet still has a vector, so
 * it is recommended to the users whose history reads like it — collaborative models cannot do that
 * by construction. It needs the {@link ItemFeatures} the training matrix carries
 * ({@link Interactions#withItemFeatures}); items without a description get an empty vector and score
 * 0 for everyone.
 */
public final class ContentBased implements Algorithm<ContentBased.Options> {

  public static final String NAME = "content";

  /**
   * @param categoryWeight factor on the TF-IDF weight of category terms relative to words (≥ 0; 0
   *     ignores categories)
   * @param minDf drop terms found in fewer items (≥ 1); a term of a single item never links two
   *     items, it only dilutes that item's vector
   * @param maxDf drop terms found in more than this fraction of the described items, in (0, 1]: a
   *     language-neutral stop-word filter
   * @param minTokenLength shortest word kept, in code points (≥ 1)
   */
  public record Options(double categoryWeight, int minDf, double maxDf, int minTokenLength) {
    public Options {
      Params.require(categoryWeight >= 0 && Double.isFinite(categoryWeight),
          "content: categoryWeight must be >= 0, got " + categoryWeight);
      Params.require(minDf >= 1, "content: minDf must be >= 1, got " + minDf);
      Params.require(maxDf > 0 && maxDf <= 1, "content: maxDf must be in (0, 1], got " + maxDf);
      Params.require(minTokenLength >= 1 && minTokenLength <= Tokenizer.MAX_TOKEN_LENGTH,
          "content: minTokenLength must be in [1, " + Tokenizer.MAX_TOKEN_LENGTH + "], got " + minTokenLength);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(p.getDouble("categoryWeight", 1), p.getInt("minDf", 2), p.getDouble("maxDf", 1),
        p.getInt("minTokenLength", 2));
    p.checkNoneLeft();
    return o;
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    ItemFeatures features = x.itemFeatures().orElseThrow(() -> new IllegalArgumentException(
        "content: the training data has no item text or categories; give them with"
            + " Interactions.withItemFeatures (eval: --items FILE, a TSV item<TAB>text<TAB>categories)"));
    TfIdf.Vectors v = TfIdf.build(x, features, o);
    training.progress().update("content tf-idf", 1.0);
    return new ContentModel(x, v.terms(), v.rowPtr(), v.cols(), v.w());
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    Interactions x = Interactions.read(in);
    String[] terms = new String[in.readInt()];
    for (int t = 0; t < terms.length; t++) {
      terms[t] = in.readUTF();
    }
    return new ContentModel(x, terms, Io.readInts(in), Io.readInts(in), Io.readFloats(in));
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(Map.of(), Map.of("categoryWeight", "0.5"), Map.of("categoryWeight", "2"),
        Map.of("maxDf", "0.5"), Map.of("minDf", "1"));
  }
}
