package dev.affinity.gpu.diffusion;

import java.util.List;

/**
 * The weights of DiffRec's MLP denoiser, in PyTorch's layout so a trained model exports directly:
 * every matrix is {@code out × in}, row-major.
 *
 * <p>Forward pass for a batch at step t: {@code emb = embWeight · sinusoid(t) + embBias} (size e,
 * no activation); {@code h = [x_t, emb]} (n + e); then each layer {@code h = W h + b} with tanh
 * after every layer but the last; the last layer outputs n values, the prediction of x₀.
 *
 * @param items n, the number of items (input and output width)
 * @param embedding e, the time-embedding size
 * @param embWeight e × e
 * @param embBias e
 * @param layers first layer has {@code in = n + e}; each next layer's {@code in} is the previous
 *     {@code out}; the last layer's {@code out} is n
 */
public record DenoiserWeights(int items, int embedding, float[] embWeight, float[] embBias, List<Linear> layers) {

  /** One fully connected layer: {@code weight} is {@code out × in}, row-major. */
  public record Linear(int in, int out, float[] weight, float[] bias) {
    /** Validates the shapes. */
    public Linear {
      if (in < 1 || out < 1 || weight == null || bias == null
          || weight.length != (long) in * out || bias.length != out) {
        throw new IllegalArgumentException("linear layer " + in + "->" + out + " has weight "
            + (weight == null ? "null" : weight.length) + " and bias " + (bias == null ? "null" : bias.length));
      }
    }
  }

  /** Validates that the layers chain from n + e to n. */
  public DenoiserWeights {
    layers = List.copyOf(layers);
    if (items < 1 || embedding < 1 || embWeight == null || embBias == null
        || embWeight.length != embedding * embedding || embBias.length != embedding) {
      throw new IllegalArgumentException("bad time embedding: items=" + items + " e=" + embedding);
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("the denoiser needs at least one layer");
    }
    int expectedIn = items + embedding;
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).in() != expectedIn) {
        throw new IllegalArgumentException("layer " + i + " takes " + layers.get(i).in() + " inputs, expected " + expectedIn);
      }
      expectedIn = layers.get(i).out();
    }
    if (expectedIn != items) {
      throw new IllegalArgumentException("the last layer outputs " + expectedIn + " values, expected n=" + items);
    }
  }

  /** Multiply-adds of one denoiser pass for one user (for FLOP counts in benchmarks). */
  public long macsPerUser() {
    long macs = 0;
    for (Linear l : layers) {
      macs += (long) l.in() * l.out();
    }
    return macs;
  }
}
