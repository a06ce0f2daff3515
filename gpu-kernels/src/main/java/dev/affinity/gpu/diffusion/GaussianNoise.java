package dev.affinity.gpu.diffusion;

/**
 * Counter-based standard normal noise: value i of a seed is a pure function of (seed, i)
 * (SplitMix64 finaliser, then Box–Muller in double precision). The CUDA kernel computes the same
 * function, so both paths noise x₀ identically without sharing a generator's state.
 */
final class GaussianNoise {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private GaussianNoise() {}

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static float gaussian(long seed, long index) {
    long h1 = mix(seed + GOLDEN * (2 * index + 1));
    long h2 = mix(seed + GOLDEN * (2 * index + 2));
    double u1 = ((h1 >>> 11) + 1) * 0x1.0p-53;
    double u2 = (h2 >>> 11) * 0x1.0p-53;
    return (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
  }

  /** x_t = √ᾱ·x₀ + √(1−ᾱ)·ε for a b × n block stored with leading dimension ld, in place. */
  static void noise(float[] x, int b, int n, int ld, float sa, float sb, long seed) {
    for (int r = 0; r < b; r++) {
      for (int j = 0; j < n; j++) {
        int i = r * ld + j;
        x[i] = sa * x[i] + sb * gaussian(seed, (long) r * n + j);
      }
    }
  }
}
