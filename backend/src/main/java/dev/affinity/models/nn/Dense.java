package dev.affinity.models.nn;

import dev.affinity.models.Io;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fully connected layer {@code y = f(x·Wᵀ + b)} over a mini-batch of row vectors, with its
 * gradients. The weight is {@code out × in} row-major — PyTorch's {@code nn.Linear} layout — so a
 * trained layer can be handed to code written against that layout (gpu-kernels' diffusion sampler)
 * without a transpose.
 *
 * <p>Mutable while training; a fitted model keeps its layers and never trains them again, which
 * is what makes the model immutable.
 */
public final class Dense {

  private final int in;
  private final int out;
  private final Activation activation;
  private final float[] weight;
  private final float[] bias;
  /** Gradient accumulators, allocated on first use: a loaded model never trains and never needs them. */
  private float[] gradWeight;
  private float[] gradBias;

  private Dense(int in, int out, Activation activation, float[] weight, float[] bias) {
    if (in < 1 || out < 1 || weight.length != (long) in * out || bias.length != out) {
      throw new IllegalArgumentException("dense layer " + in + "->" + out + " with " + weight.length
          + " weights and " + bias.length + " biases");
    }
    this.in = in;
    this.out = out;
    this.activation = activation;
    this.weight = weight;
    this.bias = bias;
  }

  /**
   * Xavier-normal weights (std √(2/(in+out))) and N(0, 0.001²) biases, the initialisation of both
   * Mult-VAE's and DiffRec's reference code.
   */
  public static Dense xavier(int in, int out, Activation activation, SplittableRandom rnd) {
    float[] w = new float[in * out];
    double std = Math.sqrt(2.0 / (in + out));
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) (rnd.nextGaussian() * std);
    }
    float[] b = new float[out];
    for (int k = 0; k < out; k++) {
      b[k] = (float) (rnd.nextGaussian() * 0.001);
    }
    return new Dense(in, out, activation, w, b);
  }

  /** A layer with the given parameters (copied). */
  public static Dense of(int in, int out, Activation activation, float[] weight, float[] bias) {
    return new Dense(in, out, activation, weight.clone(), bias.clone());
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  public Activation activation() {
    return activation;
  }

  /** The live weight array, out × in (read only outside training). */
  public float[] weight() {
    return weight;
  }

  /** The live bias array (read only outside training). */
  public float[] bias() {
    return bias;
  }

  /** {@code y (b×out) = f(x (b×in) · Wᵀ + bias)}. */
  public void forward(float[] x, int b, float[] y) {
    for (int r = 0; r < b; r++) {
      System.arraycopy(bias, 0, y, r * out, out);
    }
    Blas.gemm(false, true, b, out, in, 1f, x, weight, 1f, y);
    activation.apply(y, 0, b * out);
  }

  /**
   * Backward pass for the batch whose input was {@code x} and output {@code y}: turns {@code dy}
   * (∂L/∂y, overwritten) into ∂L/∂(pre-activation), adds the weight and bias gradients to the
   * accumulators, and writes ∂L/∂x into {@code dx} unless it is null (first layers skip that
   * product, the most expensive one for a wide input).
   */
  public void backward(float[] x, float[] y, float[] dy, int b, float[] dx) {
    allocateGradients();
    activation.backward(y, dy, 0, b * out);
    Blas.gemm(true, false, out, in, b, 1f, dy, x, 1f, gradWeight);
    for (int r = 0; r < b; r++) {
      int base = r * out;
      for (int o = 0; o < out; o++) {
        gradBias[o] += dy[base + o];
      }
    }
    if (dx != null) {
      Blas.gemm(false, false, b, in, out, 1f, dy, weight, 0f, dx);
    }
  }

  /** Registers this layer's parameters with the optimiser. */
  public void register(Adam adam) {
    allocateGradients();
    adam.add(weight, gradWeight);
    adam.add(bias, gradBias);
  }

  /** Clears the gradient accumulators. */
  public void zeroGrad() {
    allocateGradients();
    Arrays.fill(gradWeight, 0f);
    Arrays.fill(gradBias, 0f);
  }

  /** The accumulated weight gradient, out × in (read only: for gradient checks of composite models). */
  public float[] gradWeight() {
    allocateGradients();
    return gradWeight;
  }

  float[] gradBias() {
    allocateGradients();
    return gradBias;
  }

  private void allocateGradients() {
    if (gradWeight == null) {
      gradWeight = new float[weight.length];
      gradBias = new float[out];
    }
  }

  /** Writes shape, activation and parameters losslessly. */
  public void write(DataOutput o) throws IOException {
    o.writeInt(in);
    o.writeInt(out);
    o.writeUTF(activation.name());
    Io.writeFloats(o, weight);
    Io.writeFloats(o, bias);
  }

  /** Reads what {@link #write} wrote. */
  public static Dense read(DataInput i) throws IOException {
    int in = i.readInt();
    int out = i.readInt();
    Activation a;
    try {
      a = Activation.valueOf(i.readUTF());
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt model: " + e.getMessage(), e);
    }
    float[] w = Io.readFloats(i);
    float[] b = Io.readFloats(i);
    try {
      return new Dense(in, out, a, w, b);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt model: " + e.getMessage(), e);
    }
  }
}
