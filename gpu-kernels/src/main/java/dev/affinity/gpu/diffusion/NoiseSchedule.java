package dev.affinity.gpu.diffusion;

/**
 * DiffRec's Gaussian noise schedule and the quantities the reverse process needs, computed in
 * double precision and then rounded to float (as DiffRec does with {@code .float()}):
 * ᾱ_t = Π(1 − β), and the posterior mean {@code μ = coef1_t · x̂₀ + coef2_t · x_t} with
 * {@code coef1 = β_t √ᾱ_{t−1} / (1 − ᾱ_t)} and {@code coef2 = (1 − ᾱ_{t−1}) √α_t / (1 − ᾱ_t)}.
 */
public final class NoiseSchedule {
  private final int steps;
  private final float[] coef1;
  private final float[] coef2;
  private final float[] sqrtAlphasCumprod;
  private final float[] sqrtOneMinusAlphasCumprod;

  private NoiseSchedule(int steps, float[] c1, float[] c2, float[] sa, float[] sb) {
    this.steps = steps;
    this.coef1 = c1;
    this.coef2 = c2;
    this.sqrtAlphasCumprod = sa;
    this.sqrtOneMinusAlphasCumprod = sb;
  }

  /** A schedule from explicit betas, each in (0, 1]. */
  public static NoiseSchedule fromBetas(double[] betas) {
    int steps = betas.length;
    if (steps < 1) {
      throw new IllegalArgumentException("at least one diffusion step is needed");
    }
    float[] c1 = new float[steps];
    float[] c2 = new float[steps];
    float[] sa = new float[steps];
    float[] sb = new float[steps];
    double acp = 1.0;
    for (int t = 0; t < steps; t++) {
      double beta = betas[t];
      if (!(beta > 0 && beta <= 1)) {
        throw new IllegalArgumentException("beta[" + t + "] = " + beta + " is outside (0, 1]");
      }
      double prev = acp;
      acp *= 1.0 - beta;
      c1[t] = (float) (beta * Math.sqrt(prev) / (1.0 - acp));
      c2[t] = (float) ((1.0 - prev) * Math.sqrt(1.0 - beta) / (1.0 - acp));
      sa[t] = (float) Math.sqrt(acp);
      sb[t] = (float) Math.sqrt(1.0 - acp);
    }
    return new NoiseSchedule(steps, c1, c2, sa, sb);
  }

  /**
   * DiffRec's "linear-var" schedule: variances linear from {@code scale·min} to {@code scale·max},
   * converted to betas (capped at 0.999), with β₀ fixed to 1e-5 as in DiffRec's default.
   */
  public static NoiseSchedule linearVariance(int steps, double scale, double min, double max) {
    if (steps < 1 || !(scale > 0)) {
      throw new IllegalArgumentException("need steps >= 1 and scale > 0 (use noiseFree for scale 0)");
    }
    double[] variance = new double[steps];
    for (int i = 0; i < steps; i++) {
      double start = scale * min;
      double end = scale * max;
      variance[i] = steps == 1 ? start : start + (end - start) * i / (steps - 1);
    }
    double[] betas = new double[steps];
    betas[0] = variance[0];
    for (int i = 1; i < steps; i++) {
      betas[i] = Math.min(1 - (1 - variance[i]) / (1 - variance[i - 1]), 0.999);
    }
    betas[0] = 1e-5;
    return fromBetas(betas);
  }

  /** DiffRec with noise scale 0: each step replaces x_t by the denoiser's output. */
  public static NoiseSchedule noiseFree(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("at least one diffusion step is needed");
    }
    float[] ones = new float[steps];
    java.util.Arrays.fill(ones, 1f);
    return new NoiseSchedule(steps, ones, new float[steps], ones.clone(), new float[steps]);
  }

  /** T, the number of diffusion steps; the reverse process runs t = T−1 … 0. */
  public int steps() {
    return steps;
  }

  /** Weight of the predicted x₀ in the posterior mean at step t. */
  public float coef1(int t) {
    return coef1[t];
  }

  /** Weight of x_t in the posterior mean at step t. */
  public float coef2(int t) {
    return coef2[t];
  }

  /** √ᾱ_t, for the forward noising q(x_t | x₀). */
  public float sqrtAlphasCumprod(int t) {
    return sqrtAlphasCumprod[t];
  }

  /** √(1 − ᾱ_t), for the forward noising q(x_t | x₀). */
  public float sqrtOneMinusAlphasCumprod(int t) {
    return sqrtOneMinusAlphasCumprod[t];
  }
}
