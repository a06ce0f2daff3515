package dev.affinity.models.knn;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Cooccurrence;
import dev.affinity.models.Interactions;
import dev.affinity.models.ItemItemModel;
import dev.affinity.models.NeighbourGraph;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Item-based kNN with shrunk cosine similarity (Sarwar et al. 2001; shrinkage as in Koren 2008):
 * {@code s_ij = x_i·x_j / (‖x_i‖‖x_j‖ + shrink)}, keeping the {@code k} most similar neighbours.
 * Cheap, explainable, and a strong baseline on implicit data.
 */
public final class ItemKnn implements Algorithm<ItemKnn.Options> {

  public static final String NAME = "itemknn";

  /**
   * @param k neighbours kept per item (≥ 1)
   * @param shrink added to the cosine denominator, damping similarities from few co-occurrences (≥ 0)
   */
  public record Options(int k, double shrink) {
    public Options {
      Params.require(k >= 1, "itemknn: k must be >= 1, got " + k);
      Params.require(shrink >= 0 && Double.isFinite(shrink), "itemknn: shrink must be >= 0, got " + shrink);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(p.getInt("k", 100), p.getDouble("shrink", 10));
    p.checkNoneLeft();
    return o;
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    Interactions xt = x.transpose();
    int n = x.numItems();
    float[] norm = new float[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int p = xt.rowStart(i); p < xt.rowEnd(i); p++) {
        s += (double) xt.values()[p] * xt.values()[p];
      }
      norm[i] = (float) Math.sqrt(s);
    }
    float shrink = (float) o.shrink();
    NeighbourGraph.Sparse w = NeighbourGraph.topK(n, o.k(), training, "itemknn similarities",
        (i, acc) -> {
          Cooccurrence.row(x, xt, i, acc);
          for (int j = 0; j < n; j++) {
            if (acc[j] != 0f) {
              acc[j] /= norm[i] * norm[j] + shrink + 1e-9f;
            }
          }
        });
    return new ItemItemModel(NAME, x, w.rowPtr(), w.cols(), w.w());
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    return ItemItemModel.read(NAME, in);
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(
        Map.of("k", "50", "shrink", "0"), Map.of("k", "200", "shrink", "10"),
        Map.of("k", "500", "shrink", "0"), Map.of("k", "500", "shrink", "10"),
        Map.of("k", "1000", "shrink", "10"), Map.of("k", "1000", "shrink", "50"));
  }
}
