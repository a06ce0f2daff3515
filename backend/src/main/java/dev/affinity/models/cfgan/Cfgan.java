package dev.affinity.models.cfgan;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import dev.affinity.models.nn.Activation;
import dev.affinity.models.nn.Adam;
import dev.affinity.models.nn.Batches;
import dev.affinity.models.nn.Blas;
import dev.affinity.models.nn.Dense;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CFGAN (Chae, Kang, Kim &amp; Lee, "CFGAN: A Generic Collaborative Filtering Framework based on
 * Generative Adversarial Networks", CIKM 2018): a conditional GAN whose generator produces a user's
 * whole real-valued purchase vector rather than sampling discrete item ids — the paper's fix for
 * IRGAN-style discrete generators, which the discriminator can only tell apart by exact ids.
 * Zero reconstruction and partial masking ({@link CfganStep}) keep the generator from the trivial
 * all-ones solution. Recommendations are the generator's r̂_u.
 */
public final class Cfgan implements Algorithm<Cfgan.Options> {

  public static final String NAME = "cfgan";
  private static final Logger LOG = LoggerFactory.getLogger(Cfgan.class);

  /**
   * @param hidden generator hidden width
   * @param hiddenD discriminator hidden width
   * @param epochs passes over the users (one D and one G update per mini-batch)
   * @param batch users per mini-batch
   * @param lr Adam learning rate of both networks
   * @param pm share of unobserved items left unmasked for the discriminator (partial masking)
   * @param zr share of unobserved items in the zero-reconstruction penalty
   * @param alpha weight of the zero-reconstruction penalty
   * @param weightDecay Adam's L2 weight decay, both networks
   * @param seed initialisation, shuffling and mask sampling
   */
  public record Options(int hidden, int hiddenD, int epochs, int batch, double lr, double pm, double zr,
      double alpha, double weightDecay, long seed) {
    public Options {
      Params.require(hidden >= 1 && hidden <= 8192, "cfgan: hidden must be in [1, 8192], got " + hidden);
      Params.require(hiddenD >= 1 && hiddenD <= 8192, "cfgan: hiddenD must be in [1, 8192], got " + hiddenD);
      Params.require(epochs >= 1, "cfgan: epochs must be >= 1, got " + epochs);
      Params.require(batch >= 1, "cfgan: batch must be >= 1, got " + batch);
      Params.require(lr > 0 && lr < 1, "cfgan: lr must be in (0, 1), got " + lr);
      Params.require(pm >= 0 && pm <= 1, "cfgan: pm must be in [0, 1], got " + pm);
      Params.require(zr >= 0 && zr <= 1, "cfgan: zr must be in [0, 1], got " + zr);
      Params.require(alpha >= 0 && Double.isFinite(alpha), "cfgan: alpha must be >= 0, got " + alpha);
      Params.require(weightDecay >= 0 && Double.isFinite(weightDecay),
          "cfgan: weightDecay must be >= 0, got " + weightDecay);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(p.getInt("hidden", 400), p.getInt("hiddenD", 64), p.getInt("epochs", 20),
        p.getInt("batch", 256), p.getDouble("lr", 1e-3), p.getDouble("pm", 0.5), p.getDouble("zr", 0.5),
        p.getDouble("alpha", 1), p.getDouble("weightDecay", 0), p.getLong("seed", 42));
    p.checkNoneLeft();
    return o;
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    Blas.threads(training.threads());
    SplittableRandom rnd = new SplittableRandom(o.seed());
    int n = x.numItems();
    Generator g = Generator.initial(n, o.hidden(), rnd);
    Dense d1 = Dense.xavier(2 * n, o.hiddenD(), Activation.TANH, rnd);
    Dense d2 = Dense.xavier(o.hiddenD(), 1, Activation.IDENTITY, rnd);
    Adam adamG = new Adam(o.lr(), o.weightDecay());
    g.register(adamG);
    Adam adamD = new Adam(o.lr(), o.weightDecay());
    d1.register(adamD);
    d2.register(adamD);
    int batch = Math.min(o.batch(), Math.max(1, x.numUsers()));
    CfganStep step = new CfganStep(g, d1, d2, adamG, adamD, batch, training.threads());
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      int[] order = Batches.shuffled(x.numUsers(), rnd);
      double lossD = 0;
      double lossG = 0;
      for (int from = 0; from < order.length; from += batch) {
        int to = Math.min(order.length, from + batch);
        double[] l = step.run(x, order, from, to, o.pm(), o.zr(), o.alpha(), rnd);
        lossD += l[0] * (to - from);
        lossG += l[1] * (to - from);
      }
      LOG.debug("cfgan epoch {}: D loss {}, G loss {}", epoch + 1, lossD / Math.max(1, order.length),
          lossG / Math.max(1, order.length));
      training.progress().update("cfgan epoch " + (epoch + 1) + "/" + o.epochs(),
          (epoch + 1) / (double) o.epochs());
      if (!training.checkpoints().epochEnd(epoch + 1,
          () -> new CfganModel(x, Io.copy(g::write, Generator::read)))) {
        break;
      }
    }
    return new CfganModel(x, g);
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    Interactions x = Interactions.read(in);
    return new CfganModel(x, Generator.read(in));
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(Map.of("alpha", "1"), Map.of("alpha", "0.1", "pm", "0.9", "zr", "0.9"),
        Map.of("alpha", "0.3", "lr", "0.003", "batch", "50", "epochs", "10"));
  }
}
