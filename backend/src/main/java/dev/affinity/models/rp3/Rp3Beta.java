package dev.affinity.models.rp3;

import dev.affinity.models.Algorithm;
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
 * RP3beta (Paudel et al. 2017; Christoffel et al. 2015): three-step random-walk transition
 * probabilities item→user→item, raised to {@code alpha}, and divided by the target item's
 * popularity to the {@code beta} so the walk stops favouring blockbusters:
 * {@code W_ij = Σ_u (x_ui/deg_i)^alpha (x_uj/deg_u)^alpha / deg_j^beta}, top {@code k} per row.
 */
public final class Rp3Beta implements Algorithm<Rp3Beta.Options> {

  public static final String NAME = "rp3beta";

  /**
   * @param alpha exponent on transition probabilities (> 0)
   * @param beta popularity penalty exponent (≥ 0)
   * @param k neighbours kept per item (≥ 1)
   */
  public record Options(double alpha, double beta, int k) {
    public Options {
      Params.require(alpha > 0 && Double.isFinite(alpha), "rp3beta: alpha must be > 0, got " + alpha);
      Params.require(beta >= 0 && Double.isFinite(beta), "rp3beta: beta must be >= 0, got " + beta);
      Params.require(k >= 1, "rp3beta: k must be >= 1, got " + k);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(p.getDouble("alpha", 1.0), p.getDouble("beta", 0.5), p.getInt("k", 200));
    p.checkNoneLeft();
    return o;
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    Interactions xt = x.transpose();
    int n = x.numItems();
    int nu = x.numUsers();
    float alpha = (float) o.alpha();
    // P_uj^alpha for every stored entry of X (user→item step), and deg_j^-beta per item.
    float[] pui = new float[x.nnz()];
    for (int u = 0; u < nu; u++) {
      double deg = 0;
      for (int q = x.rowStart(u); q < x.rowEnd(u); q++) {
        deg += x.values()[q];
      }
      for (int q = x.rowStart(u); q < x.rowEnd(u); q++) {
        pui[q] = (float) Math.pow(x.values()[q] / deg, alpha);
      }
    }
    float[] degI = new float[n];
    float[] popPenalty = new float[n];
    for (int i = 0; i < n; i++) {
      double deg = 0;
      for (int p = xt.rowStart(i); p < xt.rowEnd(i); p++) {
        deg += xt.values()[p];
      }
      degI[i] = (float) deg;
      popPenalty[i] = deg > 0 ? (float) Math.pow(deg, -o.beta()) : 0f;
    }
    int[] ic = x.cols();
    NeighbourGraph.Sparse w = NeighbourGraph.topK(n, o.k(), training, "rp3beta walks", (i, acc) -> {
      for (int p = xt.rowStart(i); p < xt.rowEnd(i); p++) {
        int u = xt.cols()[p];
        float a = (float) Math.pow(xt.values()[p] / degI[i], alpha);
        for (int q = x.rowStart(u); q < x.rowEnd(u); q++) {
          acc[ic[q]] += a * pui[q];
        }
      }
      for (int j = 0; j < n; j++) {
        acc[j] *= popPenalty[j];
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
        Map.of("alpha", "1.0", "beta", "0.3", "k", "200"), Map.of("alpha", "1.0", "beta", "0.5", "k", "200"),
        Map.of("alpha", "0.8", "beta", "0.5", "k", "100"), Map.of("alpha", "0.8", "beta", "0.6", "k", "100"),
        Map.of("alpha", "0.6", "beta", "0.6", "k", "200"), Map.of("alpha", "1.0", "beta", "0.7", "k", "200"),
        Map.of("alpha", "0.8", "beta", "0.7", "k", "100"));
  }
}
