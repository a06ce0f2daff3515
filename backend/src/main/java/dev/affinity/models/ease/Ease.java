package dev.affinity.models.ease;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Cooccurrence;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Parallel;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.linalg.UPLO;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * EASE^R (Steck 2019): a dense item×item linear autoencoder with zero diagonal, in closed form
 * {@code P = (XᵀX + lambda·I)⁻¹, B_ij = −P_ij / P_jj, B_jj = 0}. One Cholesky inversion of an n×n
 * matrix via native LAPACK (Smile), so it is exact and fast for catalogues up to a few ten
 * thousand items; {@code maxItems} guards memory (n² doubles) and time (n³).
 *
 * <p>{@code dropout > 0} adds the item-dependent penalty of the denoising linear autoencoder
 * (EDLAE, Steck 2020): {@code Λ = lambda·I + dropout/(1−dropout)·diag(XᵀX)}, so popular items are
 * regularised more — emulating input dropout in closed form. {@code dropout = 0} is plain EASE.
 */
public final class Ease implements Algorithm<Ease.Options> {

  public static final String NAME = "ease";
  private static final Logger LOG = LoggerFactory.getLogger(Ease.class);

  /**
   * @param lambda L2 regularisation added to the Gram matrix diagonal (> 0)
   * @param dropout emulated input-dropout probability in [0, 1) (0 = EASE)
   * @param maxItems refuse catalogues larger than this (n² memory, n³ time)
   */
  public record Options(double lambda, double dropout, int maxItems) {
    public Options {
      Params.require(dropout >= 0 && dropout < 1, "ease: dropout must be in [0, 1), got " + dropout);
      Params.require(lambda > 0 && Double.isFinite(lambda), "ease: lambda must be > 0, got " + lambda);
      Params.require(maxItems >= 1 && maxItems <= 46_340,
          "ease: maxItems must be in [1, 46340] (n² must fit an array), got " + maxItems);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(p.getDouble("lambda", 400), p.getDouble("dropout", 0),
        p.getInt("maxItems", 30_000));
    p.checkNoneLeft();
    return o;
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    int n = x.numItems();
    if (n > o.maxItems()) {
      throw new IllegalArgumentException("ease: " + n + " items exceed maxItems=" + o.maxItems()
          + " (EASE needs an n×n dense matrix; raise maxItems or use itemknn/rp3beta/ials)");
    }
    return new EaseModel(x, weights(x, o.lambda(), o.dropout(), training));
  }

  /**
   * The closed-form item×item weights B (row-major n×n, zero diagonal) of EASE, or of EDLAE when
   * {@code dropout > 0}; shared with models that build on EASE. Progress goes from 0 to 1.
   */
  public static float[] weights(Interactions x, double lambda, double dropout, Training training) {
    int n = x.numItems();
    Interactions xt = x.transpose();
    DenseMatrix g = DenseMatrix.zeros(ScalarType.Float64, n, n);
    float[][] acc = new float[training.threads()][n];
    Parallel.forRange(n, 16, training.threads(), (worker, from, to) -> {
      float[] a = acc[worker];
      for (int i = from; i < to; i++) {
        java.util.Arrays.fill(a, 0f);
        Cooccurrence.row(x, xt, i, a);
        for (int j = 0; j < n; j++) {
          g.set(j, i, a[j]);
        }
        g.set(i, i, a[i] + lambda + dropout / (1 - dropout) * a[i]);
      }
    });
    training.progress().update("ease gram", 0.2);
    long t0 = System.nanoTime();
    DenseMatrix p = g.withUplo(UPLO.LOWER).cholesky().inverse();
    LOG.debug("ease: inverted {}x{} in {} ms", n, n, (System.nanoTime() - t0) / 1_000_000);
    training.progress().update("ease inverse", 0.9);
    float[] b = new float[n * n];
    Parallel.forRange(n, 64, training.threads(), (worker, from, to) -> {
      for (int i = from; i < to; i++) {
        int base = i * n;
        for (int j = 0; j < n; j++) {
          b[base + j] = i == j ? 0f : (float) (-p.get(i, j) / p.get(j, j));
        }
      }
    });
    training.progress().update("ease", 1.0);
    return b;
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    return new EaseModel(Interactions.read(in), Io.readFloats(in));
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(Map.of("lambda", "200"), Map.of("lambda", "400"), Map.of("lambda", "800"),
        Map.of("lambda", "1600"), Map.of("lambda", "400", "dropout", "0.33"),
        Map.of("lambda", "600", "dropout", "0.4"), Map.of("lambda", "800", "dropout", "0.25"),
        Map.of("lambda", "1000", "dropout", "0.4"));
  }
}
