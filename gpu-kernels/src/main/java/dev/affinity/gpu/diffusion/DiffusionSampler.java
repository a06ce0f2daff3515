package dev.affinity.gpu.diffusion;

/**
 * DiffRec's reverse process for a batch of users: start from the users' interaction vectors x₀
 * (optionally noised to step {@code startStep − 1}), then for t = T−1 … 0 run the denoiser MLP to
 * predict x̂₀ and move to the posterior mean {@code coef1_t · x̂₀ + coef2_t · x_t}
 * (DiffRec's {@code p_sample} with {@code sampling_noise=False}). The result is the final x̂₀,
 * whose largest entries are the recommendations.
 *
 * <p>Why a handle: the weights (tens of MB) are loaded once — packed on the CPU, resident in device
 * memory on CUDA — and reused by every request until it is closed.
 */
public interface DiffusionSampler {

  /** Makes the weights resident; close the handle to release them. */
  Denoiser load(DenoiserWeights weights);

  /** Which implementation this is, for logs and benchmarks. */
  String name();

  /** Resident denoiser weights. Thread-safe. */
  interface Denoiser extends AutoCloseable {
    /** n, the number of items. */
    int items();

    /**
     * Runs the reverse process.
     *
     * @param x b × n row-major interaction vectors x₀
     * @param b number of users
     * @param schedule noise schedule; T = {@code schedule.steps()}
     * @param startStep 0 to start from x₀ itself (DiffRec's usual setting); s in 1..T to start
     *     from x₀ noised to step s−1 with Gaussian noise derived from {@code noiseSeed}
     * @param noiseSeed seed of the counter-based noise (same noise on CPU and CUDA)
     * @return b × n estimates of x₀
     */
    float[] sample(float[] x, int b, NoiseSchedule schedule, int startStep, long noiseSeed);

    @Override
    void close();
  }
}
