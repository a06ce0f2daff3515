package dev.affinity.experiments.stats;

/**
 * Always-valid p-values from the mixture sequential probability ratio test (mSPRT) of Johari, Pekelis &amp; Walsh,
 * "Always Valid Inference: Bringing Sequential Analysis to A/B Testing" (2017; the method behind Optimizely's Stats
 * Engine). For the difference of rates Δ = p1 − p0 with estimate Δ̂ ~ N(Δ, V), mixing the alternative over
 * Δ ~ N(0, τ²) gives the likelihood ratio
 * <pre>  Λ = sqrt(V / (V + τ²)) · exp(τ² Δ̂² / (2 V (V + τ²)))</pre>
 * which is a martingale under H0 (Δ = 0), so by Ville's inequality P(∃ n: Λ_n ≥ 1/α) ≤ α. Hence {@code p = min(1, 1/Λ)}
 * may be computed at every look and acted on the first time it drops below α, without inflating false positives.
 * (Johari et al. additionally take the running minimum over looks; that needs the history, which we do not store, and
 * only makes p monotone; validity at any stopping time already holds for 1/Λ.)
 *
 * <p>V is the pooled null variance p̄(1 − p̄)(1/n0 + 1/n1), as in the pooled z-test. The mixing standard deviation is
 * τ = {@value #MIXING_RELATIVE_SD} · p̄: the prior expects relative lifts of the order of ±10%, typical for
 * recommender changes; a larger τ detects large effects sooner and small ones later.
 */
final class Msprt {

  static final double MIXING_RELATIVE_SD = 0.1;

  private Msprt() {}

  /** Always-valid two-sided p-value for "variant rate x1/n1 differs from control rate x0/n0". */
  static double alwaysValidPValue(long x0, long n0, long x1, long n1) {
    if (n0 == 0 || n1 == 0) {
      return 1;
    }
    double pooled = (double) (x0 + x1) / (n0 + n1);
    double v = pooled * (1 - pooled) * (1.0 / n0 + 1.0 / n1);
    if (!(v > 0)) {
      return 1;
    }
    double tau = MIXING_RELATIVE_SD * pooled;
    double tau2 = tau * tau;
    double delta = (double) x1 / n1 - (double) x0 / n0;
    double logLambda = 0.5 * Math.log(v / (v + tau2)) + tau2 * delta * delta / (2 * v * (v + tau2));
    return Math.min(1, Math.exp(-logLambda));
  }
}
