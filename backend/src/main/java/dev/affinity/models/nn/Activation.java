package dev.affinity.models.nn;

/**
 * Element-wise non-linearities, applied in place. The derivative is taken from the activation's
 * output (tanh' = 1 − y², σ' = y(1 − y), ReLU' = [y &gt; 0]), so a layer only keeps its output for
 * the backward pass, never its pre-activation.
 */
public enum Activation {
  IDENTITY,
  TANH,
  SIGMOID,
  RELU;

  /** {@code a[k] = f(a[k])} for k in [from, to). */
  public void apply(float[] a, int from, int to) {
    switch (this) {
      case IDENTITY -> { }
      case TANH -> {
        for (int k = from; k < to; k++) {
          a[k] = (float) Math.tanh(a[k]);
        }
      }
      case SIGMOID -> {
        for (int k = from; k < to; k++) {
          a[k] = (float) (1.0 / (1.0 + Math.exp(-a[k])));
        }
      }
      case RELU -> {
        for (int k = from; k < to; k++) {
          a[k] = Math.max(0f, a[k]);
        }
      }
    }
  }

  /** {@code dy[k] *= f'(·)} given the outputs {@code y}, for k in [from, to). */
  public void backward(float[] y, float[] dy, int from, int to) {
    switch (this) {
      case IDENTITY -> { }
      case TANH -> {
        for (int k = from; k < to; k++) {
          dy[k] *= 1f - y[k] * y[k];
        }
      }
      case SIGMOID -> {
        for (int k = from; k < to; k++) {
          dy[k] *= y[k] * (1f - y[k]);
        }
      }
      case RELU -> {
        for (int k = from; k < to; k++) {
          if (y[k] <= 0f) {
            dy[k] = 0f;
          }
        }
      }
    }
  }
}
