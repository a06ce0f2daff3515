package dev.affinity.experiments.stats;

/**
 * The few special functions the analysis needs, written out so results do not depend on a library version: log-gamma
 * (Lanczos, g = 7, n = 9; relative error ~1e-15), the regularised incomplete gamma P/Q (series and Lentz continued
 * fraction, Numerical Recipes 3rd ed. §6.2), erfc via {@code erfc(x) = Q(1/2, x^2)}, the normal CDF, the chi-square
 * survival function {@code Q(k/2, x/2)} and the regularised incomplete beta (continued fraction, NR §6.4).
 */
final class SpecialFunctions {

  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300;
  private static final int MAX_ITER = 1_000_000;
  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
  };
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private SpecialFunctions() {}

  /** ln Γ(x) for x > 0. */
  static double lnGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("lnGamma needs x > 0, got " + x);
    }
    if (x < 0.5) { // reflection keeps the Lanczos sum in its accurate range
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
    }
    double z = x - 1;
    double a = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** Upper regularised incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
  static double gammaQ(double a, double x) {
    if (!(a > 0) || x < 0 || Double.isNaN(x)) {
      throw new IllegalArgumentException("gammaQ needs a > 0 and x >= 0, got a=" + a + ", x=" + x);
    }
    if (x == 0) {
      return 1;
    }
    if (x < a + 1) {
      return 1 - gammaSeries(a, x);
    }
    return gammaContinuedFraction(a, x);
  }

  /** P(a, x) by its power series; converges for x < a + 1. */
  private static double gammaSeries(double a, double x) {
    double ap = a;
    double sum = 1 / a;
    double del = sum;
    for (int n = 0; n < MAX_ITER; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
  }

  /** Q(a, x) by the modified Lentz continued fraction; converges for x >= a + 1. */
  private static double gammaContinuedFraction(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITER; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
  }

  /** Complementary error function, accurate in the far tail (no 1 - erf cancellation). */
  static double erfc(double x) {
    if (x >= 0) {
      return gammaQ(0.5, x * x);
    }
    return 2 - gammaQ(0.5, x * x);
  }

  /** Standard normal CDF Φ(z). */
  static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /** Two-sided normal tail probability 2 Φ(-|z|). */
  static double twoSidedNormalP(double z) {
    return erfc(Math.abs(z) / Math.sqrt(2));
  }

  /** Survival function of the chi-square distribution with {@code df} degrees of freedom. */
  static double chiSquareSurvival(double statistic, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("chi-square needs df >= 1, got " + df);
    }
    return gammaQ(df / 2.0, Math.max(0, statistic) / 2);
  }

  /** Regularised incomplete beta I_x(a, b) for a, b > 0 and x in [0, 1]. */
  static double betaI(double a, double b, double x) {
    if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException("betaI needs a, b > 0 and 0 <= x <= 1, got a=" + a + ", b=" + b + ", x=" + x);
    }
    if (x == 0 || x == 1) {
      return x;
    }
    double lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    if (x < (a + 1) / (a + b + 2)) {
      return Math.exp(lnFront) * betaContinuedFraction(a, b, x) / a;
    }
    return 1 - Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x) / b;
  }

  /** Continued fraction for I_x(a, b), modified Lentz; takes O(sqrt(max(a, b))) terms. */
  private static double betaContinuedFraction(double a, double b, double x) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < TINY) {
      d = TINY;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m < MAX_ITER; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1 + aa / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1 + aa / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return h;
  }
}
