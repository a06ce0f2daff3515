package dev.affinity.models.diffrec;

import dev.affinity.gpu.diffusion.DiffusionSampler;
import dev.affinity.gpu.diffusion.NoiseSchedule;
import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Io;
import dev.affinity.models.Models;
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
 * DiffRec (Wang, Xu, Feng, Lin, He &amp; Chua, "Diffusion Recommender Model", SIGIR 2023): Gaussian
 * forward diffusion on a user's interaction vector with a deliberately small noise scale (so the
 * personalised signal survives), and an MLP denoiser trained to predict x₀ from x_t. Inference
 * starts from x₀ itself ({@code samplingSteps=0}) and runs the noise-free reverse process; that runs
 * through gpu-kernels' {@link DiffusionSampler}: the one passed to the constructor, else the
 * process's ({@link Models#diffusionSampler()}: CUDA when the node found a GPU, the CPU twin
 * otherwise).
 *
 * <p>As in the reference code, {@code reweight=1} weighs each step's loss by the drop in
 * signal-to-noise ratio and {@code importance=1} samples steps by their recent loss
 * ({@link TimestepSampler}); both are off by default, since neither helped on ML-1M.
 */
public final class DiffRec implements Algorithm<DiffRec.Options> {

  public static final String NAME = "diffrec";
  private static final Logger LOG = LoggerFactory.getLogger(DiffRec.class);

  private final DiffusionSampler sampler;

  /** Samples with the process's sampler at the time of each fit or load. */
  public DiffRec() {
    this.sampler = null;
  }

  /** Samples with {@code sampler} (e.g. {@code GpuRuntime.diffusion()}). */
  public DiffRec(DiffusionSampler sampler) {
    this.sampler = java.util.Objects.requireNonNull(sampler);
  }

  private DiffusionSampler sampler() {
    return sampler != null ? sampler : Models.diffusionSampler();
  }

  /**
   * @param dims the reference's {@code dims}: [d] is one hidden layer of width d, [d₁ … d_k] an
   *     encoder n+e → d_k … → d₁ and its mirror back to n ({@link DenoiserNet}); parameter
   *     {@code dims=200,600} or, for one layer, {@code hidden=d} (see docs/benchmarks/models.md)
   * @param embedding time-embedding size (paper: 10)
   * @param steps diffusion steps T
   * @param noiseScale scale of the linear-variance schedule (0 = no noise)
   * @param noiseMin lower variance bound before scaling
   * @param noiseMax upper variance bound before scaling
   * @param samplingSteps where inference starts: 0 = from x₀ itself, s = from x₀ noised to step s−1
   * @param epochs passes over the users
   * @param batch users per mini-batch (paper: 400)
   * @param lr Adam learning rate
   * @param dropout dropout on the denoiser's input (paper code: 0.5)
   * @param weightDecay Adam's L2 weight decay
   * @param reweight 1 = weigh step t's loss by SNR(t−1) − SNR(t) (DiffRec's {@code reweight}), 0 = equal
   * @param importance 1 = importance-sample the steps by their recent losses, 0 = uniform
   * @param seed initialisation, shuffling, steps, noise and dropout
   */
  public record Options(List<Integer> dims, int embedding, int steps, double noiseScale, double noiseMin,
      double noiseMax, int samplingSteps, int epochs, int batch, double lr, double dropout,
      double weightDecay, int reweight, int importance, long seed) {
    public Options {
      dims = List.copyOf(dims);
      Params.require(!dims.isEmpty() && dims.size() <= 8, "diffrec: dims needs 1 to 8 widths, got " + dims);
      for (int d : dims) {
        Params.require(d >= 1 && d <= 8192, "diffrec: every width in dims must be in [1, 8192], got " + d);
      }
      Params.require(embedding >= 1 && embedding <= 256,
          "diffrec: embedding must be in [1, 256], got " + embedding);
      Params.require(steps >= 1 && steps <= 1000, "diffrec: steps must be in [1, 1000], got " + steps);
      Params.require(noiseScale >= 0 && noiseScale <= 1, "diffrec: noiseScale must be in [0, 1], got " + noiseScale);
      Params.require(noiseMin > 0 && noiseMin <= noiseMax && noiseMax < 1,
          "diffrec: noiseMin and noiseMax must satisfy 0 < noiseMin <= noiseMax < 1, got "
              + noiseMin + ", " + noiseMax);
      Params.require(samplingSteps >= 0 && samplingSteps <= steps,
          "diffrec: samplingSteps must be in [0, steps], got " + samplingSteps);
      Params.require(epochs >= 1, "diffrec: epochs must be >= 1, got " + epochs);
      Params.require(batch >= 1, "diffrec: batch must be >= 1, got " + batch);
      Params.require(lr > 0 && lr < 1, "diffrec: lr must be in (0, 1), got " + lr);
      Params.require(dropout >= 0 && dropout < 1, "diffrec: dropout must be in [0, 1), got " + dropout);
      Params.require(weightDecay >= 0 && Double.isFinite(weightDecay),
          "diffrec: weightDecay must be >= 0, got " + weightDecay);
      Params.require(reweight == 0 || reweight == 1, "diffrec: reweight must be 0 or 1, got " + reweight);
      Params.require(importance == 0 || importance == 1,
          "diffrec: importance must be 0 or 1, got " + importance);
    }

    /** DiffRec's linear-variance schedule, or null for noise scale 0. */
    NoiseSchedule schedule() {
      return schedule(steps, noiseScale, noiseMin, noiseMax);
    }

    static NoiseSchedule schedule(int steps, double scale, double min, double max) {
      return scale == 0 ? null : NoiseSchedule.linearVariance(steps, scale, min, max);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Params p = new Params(NAME, params);
    Options o = new Options(dims(p), p.getInt("embedding", 10), p.getInt("steps", 5),
        p.getDouble("noiseScale", 0.01), p.getDouble("noiseMin", 5e-4), p.getDouble("noiseMax", 5e-3),
        p.getInt("samplingSteps", 0), p.getInt("epochs", 15), p.getInt("batch", 400),
        p.getDouble("lr", 1e-3), p.getDouble("dropout", 0.5), p.getDouble("weightDecay", 0),
        p.getInt("reweight", 0), p.getInt("importance", 0), p.getLong("seed", 42));
    p.checkNoneLeft();
    return o;
  }

  /** {@code dims=a,b,…} or {@code hidden=d} (one layer, the earlier name), not both; default one layer of 100. */
  private static List<Integer> dims(Params p) {
    List<String> dims = p.getList("dims", null);
    if (dims == null) {
      return List.of(p.getInt("hidden", 100));
    }
    if (p.getString("hidden", null) != null) {
      throw new IllegalArgumentException("diffrec: give dims or hidden, not both");
    }
    try {
      return dims.stream().map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("diffrec: dims must be comma-separated integers such as 200,600, got '"
          + String.join(",", dims) + "'");
    }
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    Blas.threads(training.threads());
    SplittableRandom rnd = new SplittableRandom(o.seed());
    DenoiserNet net = DenoiserNet.initial(x.numItems(), o.embedding(), o.dims(), rnd);
    Adam adam = new Adam(o.lr(), o.weightDecay());
    net.register(adam);
    int batch = Math.min(o.batch(), Math.max(1, x.numUsers()));
    DiffRecStep step = new DiffRecStep(net, o.schedule(), o.steps(), o.reweight() == 1, o.importance() == 1,
        batch, training.threads());
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      int[] order = Batches.shuffled(x.numUsers(), rnd);
      double loss = 0;
      for (int from = 0; from < order.length; from += batch) {
        int to = Math.min(order.length, from + batch);
        net.zeroGrad();
        loss += step.run(x, order, from, to, o.dropout(), rnd) * (to - from);
        adam.step();
      }
      LOG.debug("diffrec epoch {}: loss {}", epoch + 1, loss / Math.max(1, order.length));
      training.progress().update("diffrec epoch " + (epoch + 1) + "/" + o.epochs(),
          (epoch + 1) / (double) o.epochs());
      if (!training.checkpoints().epochEnd(epoch + 1,
          () -> new DiffRecModel(x, Io.copy(net::write, DenoiserNet::read), sampling(o), sampler()))) {
        break;
      }
    }
    return new DiffRecModel(x, net, sampling(o), sampler());
  }

  private static DiffRecModel.Sampling sampling(Options o) {
    return new DiffRecModel.Sampling(o.steps(), o.noiseScale(), o.noiseMin(), o.noiseMax(), o.samplingSteps());
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    return DiffRecModel.read(in, sampler());
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(Map.of("dims", "100", "epochs", "15"), Map.of("dims", "100", "epochs", "20"),
        Map.of("dims", "50", "epochs", "30"), Map.of("dims", "200", "epochs", "15"),
        Map.of("dims", "600", "epochs", "10"),
        Map.of("dims", "100", "epochs", "20", "noiseScale", "0.001"),
        Map.of("dims", "100", "epochs", "20", "noiseScale", "0.1"),
        // the reference code's ML-1M configuration (its published checkpoint), at its best epoch here
        Map.of("dims", "200,600", "steps", "40", "noiseScale", "0.005", "noiseMin", "0.005", "noiseMax", "0.01",
            "reweight", "1", "importance", "1", "epochs", "10"));
  }
}
