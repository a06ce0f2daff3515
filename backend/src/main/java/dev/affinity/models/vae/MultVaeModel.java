package dev.affinity.models.vae;

import dev.affinity.models.Interactions;
import dev.affinity.models.Recommender;
import dev.affinity.models.nn.SparseRows;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A fitted Mult-VAE: scores are the decoder's logits for z = μ(x_u); softmax is monotone, so the
 * logits rank items exactly as the multinomial probabilities do. The network is never modified
 * after training, so concurrent scoring is safe (every call uses its own buffers).
 */
final class MultVaeModel implements Recommender {

  private final Interactions data;
  private final VaeNetwork net;

  MultVaeModel(Interactions data, VaeNetwork net) {
    if (net.items() != data.numItems()) {
      throw new IllegalArgumentException("network has " + net.items() + " items, data " + data.numItems());
    }
    this.data = data;
    this.net = net;
  }

  @Override
  public String name() {
    return MultVae.NAME;
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
    net.logits(VaeNetwork.input(data, users, 0, users.length, 0, null), out, 1);
  }

  /** The encoder's mean of the L2-normalised history, decoded: the same path as a training row. */
  @Override
  public void scoreHistory(int[] items, float[] values, float[] out) {
    double sq = 0;
    for (float v : values) {
      sq += (double) v * v;
    }
    float inv = sq > 0 ? (float) (1.0 / Math.sqrt(sq)) : 0f;
    float[] normalised = new float[values.length];
    for (int h = 0; h < values.length; h++) {
      normalised[h] = values[h] * inv;
    }
    net.logits(new SparseRows(1, new int[] {0, items.length}, items.clone(), normalised), out, 1);
  }

  @Override
  public boolean scoresHistories() {
    return true;
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeUTF(MultVae.NAME);
    data.write(out);
    net.write(out);
  }
}
