package dev.affinity.models.ials;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Implicit-feedback ALS (Hu, Koren &amp; Volinsky 2008) with confidence {@code c_ui = 1 + alpha·x_ui}
 * on every observed entry and weight 1 on all unobserved ones, solved per row with a few warm-started
 * conjugate-gradient steps (Takács et al. 2011) instead of a Cholesky per row: O(f·nnz + f²·rows)
 * per sweep rather than O(f²·nnz + f³·rows), which is what keeps training fast on a few cores.
 */
public final class Ials implements Algorithm<Ials.Options> {

  public static final String NAME = "ials";

  /**
   * @param factors latent dimension f (≥ 1)
   * @param lambda L2 regularisation of both factor matrices (≥ 0)
   * @param alpha confidence slope for observed entries (≥ 0)
   * @param iterations alternating sweeps (≥ 1)
   * @param nu exponent of frequency-scaled regularisation (0 = plain lambda, 1 = proportional)
   * @param cgSteps conjugate-gradient steps per row and sweep (≥ 1)
   * @param seed random seed of the initial item factors
   */
  public record Options(int factors, double lambda, double alpha, double nu, int iterations, int cgSteps,
      long seed) {
    public Options {
      Params.require(factors >= 1 && factors <= 4096, "ials: factors must be in [1, 4096], got " + factors);
      Params.require(lambda >= 0 && Double.isFinite(lambda), "ials: lambda must be >= 0, got " + lambda);
      Params.require(alpha >= 0 && Double.isFinite(alpha), "ials: alpha must be >= 0, got " + alpha);
      Params.require(nu >= 0 && nu <= 2, "ials: nu must be in [0, 2], got " + nu);
      Params.require(iterations >= 1, "ials: iterations must be >= 1, got " + iterations);
      Params.require(cgSteps >= 1, "ials: cgSteps must be >= 1, got " + cgSteps);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(p.getInt("factors", 128), p.getDouble("lambda", 30), p.getDouble("alpha", 3),
        p.getDouble("nu", 1), p.getInt("iterations", 8), p.getInt("cgSteps", 3), p.getLong("seed", 42));
    p.checkNoneLeft();
    return o;
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    int f = o.factors();
    Interactions xt = x.transpose();
    float[] u = new float[x.numUsers() * f];
    float[] v = new float[x.numItems() * f];
    SplittableRandom rnd = new SplittableRandom(o.seed());
    double std = 0.1 / Math.sqrt(f);
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) (rnd.nextGaussian() * std);
    }
    CgSolver solver = new CgSolver(f, (float) o.lambda(), (float) o.alpha(), o.nu(), o.cgSteps(),
        training.threads());
    for (int it = 0; it < o.iterations(); it++) {
      solver.sweep(x, v, u);
      solver.sweep(xt, u, v);
      training.progress().update("ials sweep " + (it + 1) + "/" + o.iterations(),
          (it + 1) / (double) o.iterations());
    }
    return new IalsModel(x, f, u, v, (float) o.lambda(), (float) o.alpha(), o.nu());
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    Interactions x = Interactions.read(in);
    int f = in.readInt();
    float lambda = in.readFloat();
    float alpha = in.readFloat();
    double nu = in.readDouble();
    return new IalsModel(x, f, Io.readFloats(in), Io.readFloats(in), lambda, alpha, nu);
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(
        Map.of("factors", "64", "lambda", "30", "alpha", "3", "nu", "1"),
        Map.of("factors", "128", "lambda", "30", "alpha", "3", "nu", "1"),
        Map.of("factors", "128", "lambda", "50", "alpha", "10", "nu", "1"),
        Map.of("factors", "192", "lambda", "40", "alpha", "3", "nu", "1"),
        Map.of("factors", "256", "lambda", "50", "alpha", "3", "nu", "1"),
        Map.of("factors", "256", "lambda", "60", "alpha", "10", "nu", "1"));
  }
}
