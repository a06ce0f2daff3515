package dev.affinity.models.diffrec;

import dev.affinity.gpu.diffusion.DiffusionSampler;
import dev.affinity.gpu.diffusion.NoiseSchedule;
import dev.affinity.models.Interactions;
import dev.affinity.models.Recommender;
import dev.affinity.models.nn.Batches;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A fitted DiffRec: a user's scores are the x̂₀ that the reverse process reaches from the user's
 * interaction row. The denoiser weights are made resident in the sampler once, at construction;
 * the handle is thread-safe, so concurrent scoring needs nothing else.
 */
final class DiffRecModel implements Recommender {

  /** Noise schedule and starting point of inference, as trained. */
  record Sampling(int steps, double noiseScale, double noiseMin, double noiseMax, int samplingSteps) {
    NoiseSchedule schedule() {
      return noiseScale == 0 ? NoiseSchedule.noiseFree(steps)
          : NoiseSchedule.linearVariance(steps, noiseScale, noiseMin, noiseMax);
    }
  }

  /** Seed of the sampler's counter-based noise when {@code samplingSteps > 0}: fixed, so scores repeat. */
  private static final long NOISE_SEED = 0x5EED;

  private final Interactions data;
  private final DenoiserNet net;
  private final Sampling sampling;
  private final NoiseSchedule schedule;
  private final DiffusionSampler.Denoiser denoiser;
  private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

  DiffRecModel(Interactions data, DenoiserNet net, Sampling sampling, DiffusionSampler sampler) {
    if (net.items != data.numItems()) {
      throw new IllegalArgumentException("denoiser has " + net.items + " items, data " + data.numItems());
    }
    this.data = data;
    this.net = net;
    this.sampling = sampling;
    this.schedule = sampling.schedule();
    this.denoiser = sampler.load(net.weights());
    // Served models are replaced while requests may still hold them, so nobody can close a version
    // at a safe moment: its resident weights (device memory on CUDA) go when the model is unreachable.
    CLEANER.register(this, denoiser::close);
  }

  @Override
  public String name() {
    return DiffRec.NAME;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public void score(int u, float[] out) {
    scoreBatch(new int[] {u}, out);
  }

  @Override
  public void scoreBatch(int[] users, float[] out) {
    int n = data.numItems();
    float[] x = new float[users.length * n];
    Batches.dense(data, users, 0, users.length, x);
    float[] x0 = denoiser.sample(x, users.length, schedule, sampling.samplingSteps(), NOISE_SEED);
    System.arraycopy(x0, 0, out, 0, users.length * n);
  }

  /** The reverse process from the history's interaction vector, as for a training row. */
  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    int n = data.numItems();
    float[] x = new float[n];
    for (int h = 0; h < items.length; h++) {
      x[items[h]] = values[h];
    }
    float[] x0 = denoiser.sample(x, 1, schedule, sampling.samplingSteps(), NOISE_SEED);
    System.arraycopy(x0, 0, out, 0, n);
  }

  @Override
  public boolean scoresHistories() {
    return true;
  }

  /** The trained network, for tests that compare it with the sampler. */
  DenoiserNet net() {
    return net;
  }

  NoiseSchedule schedule() {
    return schedule;
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(DiffRec.NAME);
    data.write(out);
    out.writeInt(sampling.steps());
    out.writeDouble(sampling.noiseScale());
    out.writeDouble(sampling.noiseMin());
    out.writeDouble(sampling.noiseMax());
    out.writeInt(sampling.samplingSteps());
    net.write(out);
  }

  static DiffRecModel read(DataInput in, DiffusionSampler sampler) throws IOException {
    Interactions x = Interactions.read(in);
    Sampling s = new Sampling(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt());
    DenoiserNet net = DenoiserNet.read(in);
    try {
      return new DiffRecModel(x, net, s, sampler);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt model: " + e.getMessage(), e);
    }
  }
}
