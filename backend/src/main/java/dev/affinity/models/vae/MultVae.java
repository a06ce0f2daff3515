package dev.affinity.models.vae;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import dev.affinity.models.nn.Adam;
import dev.affinity.models.nn.Batches;
import dev.affinity.models.nn.Blas;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mult-VAE (Liang, Krishnan, Hoffman &amp; Jebara, "Variational Autoencoders for Collaborative
 * Filtering", WWW 2018): a variational autoencoder over a user's whole interaction row with a
 * multinomial likelihood, which — unlike Gaussian or logistic likelihoods — makes items compete for
 * probability mass, the right bias for top-K ranking. KL annealing (β grows linearly with the
 * update count up to {@code betaCap}) keeps the posterior from collapsing early; the paper found a
 * cap of 0.2 best. Input dropout 0.5 on the L2-normalised row is the denoising part.
 */
public final class MultVae implements Algorithm<MultVae.Options> {

  public static final String NAME = "multvae";
  private static final Logger LOG = LoggerFactory.getLogger(MultVae.class);

  /**
   * @param hidden encoder/decoder hidden width (paper: 600)
   * @param latent dimension of z (paper: 200)
   * @param epochs passes over the users
   * @param batch users per mini-batch (paper: 500)
   * @param lr Adam learning rate (paper: 1e-3)
   * @param dropout input dropout probability in [0, 1) (paper: 0.5)
   * @param betaCap maximum KL weight β (paper: 0.2)
   * @param annealSteps updates over which β grows linearly from 0 to 1 before the cap (paper: 200000)
   * @param weightDecay L2 weight decay of Adam (≥ 0)
   * @param seed initialisation, shuffling, dropout and ε
   */
  public record Options(int hidden, int latent, int epochs, int batch, double lr, double dropout,
      double betaCap, int annealSteps, double weightDecay, long seed) {
    public Options {
      Params.require(hidden >= 1 && hidden <= 8192, "multvae: hidden must be in [1, 8192], got " + hidden);
      Params.require(latent >= 1 && latent <= 4096, "multvae: latent must be in [1, 4096], got " + latent);
      Params.require(epochs >= 1, "multvae: epochs must be >= 1, got " + epochs);
      Params.require(batch >= 1, "multvae: batch must be >= 1, got " + batch);
      Params.require(lr > 0 && lr < 1, "multvae: lr must be in (0, 1), got " + lr);
      Params.require(dropout >= 0 && dropout < 1, "multvae: dropout must be in [0, 1), got " + dropout);
      Params.require(betaCap >= 0 && betaCap <= 1, "multvae: betaCap must be in [0, 1], got " + betaCap);
      Params.require(annealSteps >= 1, "multvae: annealSteps must be >= 1, got " + annealSteps);
      Params.require(weightDecay >= 0 && Double.isFinite(weightDecay),
          "multvae: weightDecay must be >= 0, got " + weightDecay);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(p.getInt("hidden", 600), p.getInt("latent", 200), p.getInt("epochs", 50),
        p.getInt("batch", 500), p.getDouble("lr", 1e-3), p.getDouble("dropout", 0.5),
        p.getDouble("betaCap", 0.2), p.getInt("annealSteps", 200_000), p.getDouble("weightDecay", 0),
        p.getLong("seed", 42));
    p.checkNoneLeft();
    return o;
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    Blas.threads(training.threads());
    SplittableRandom rnd = new SplittableRandom(o.seed());
    VaeNetwork net = VaeNetwork.initial(x.numItems(), o.hidden(), o.latent(), rnd);
    Adam adam = new Adam(o.lr(), o.weightDecay());
    net.register(adam);
    int batch = Math.min(o.batch(), Math.max(1, x.numUsers()));
    VaeStep step = new VaeStep(net, batch, training.threads());
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      int[] order = Batches.shuffled(x.numUsers(), rnd);
      double loss = 0;
      for (int from = 0; from < order.length; from += batch) {
        int to = Math.min(order.length, from + batch);
        double beta = Math.min(o.betaCap(), adam.steps() / (double) o.annealSteps());
        net.zeroGrad();
        loss += step.run(x, order, from, to, o.dropout(), beta, rnd) * (to - from);
        adam.step();
      }
      LOG.debug("multvae epoch {}: loss {}", epoch + 1, loss / Math.max(1, order.length));
      training.progress().update("multvae epoch " + (epoch + 1) + "/" + o.epochs(),
          (epoch + 1) / (double) o.epochs());
      if (!training.checkpoints().epochEnd(epoch + 1,
          () -> new MultVaeModel(x, Io.copy(net::write, VaeNetwork::read)))) {
        break;
      }
    }
    return new MultVaeModel(x, net);
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    Interactions x = Interactions.read(in);
    return new MultVaeModel(x, VaeNetwork.read(in));
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(Map.of("epochs", "30"), Map.of("epochs", "50"), Map.of("epochs", "80"),
        Map.of("epochs", "50", "annealSteps", "2000"), Map.of("epochs", "50", "dropout", "0.3"));
  }
}
