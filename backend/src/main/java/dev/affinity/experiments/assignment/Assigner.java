package dev.affinity.experiments.assignment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Deterministic, stateless, sticky assignment of users to experiment variants (layered design of Tang et al., KDD 2010;
 * hashing as in Kohavi, Tang &amp; Xu, "Trustworthy Online Controlled Experiments", ch. 4).
 *
 * <p><b>Hash.</b> {@link #bucket} is SHA-256 over the parts, each written as a 4-byte big-endian length followed by its
 * UTF-8 bytes (length-prefixing makes the encoding injective: {@code ("ab","c")} and {@code ("a","bc")} differ, and no
 * separator character needs escaping). The first 8 digest bytes, read big-endian as an unsigned 64-bit integer, are
 * reduced modulo {@value #BUCKETS} (bias below 1e-15). SHA-256 is specified by FIPS 180-4 and ships with every JVM,
 * so the bucket of a user is identical on every node, JVM version and restart, forever; that is the contract that keeps
 * assignment sticky without storing it. Tests pin concrete buckets so an accidental change fails the build.
 *
 * <p><b>Layer and variant are hashed independently.</b> Membership uses {@code bucket(tenant, "layer", layer, user)},
 * the variant uses {@code bucket(tenant, "variant", salt, user)}. Consequences:
 * <ul>
 *   <li>editing anything other than the layout (name, hypothesis, metric) moves nobody;</li>
 *   <li>widening coverage at the range end ({@code rangeEnd} up) only adds users; everyone already in keeps both
 *       membership and variant (the variant hash does not see the range);</li>
 *   <li>changing weights moves only users whose variant bucket lies between the old and the new cumulative boundaries:
 *       50/50 to 60/40 moves exactly the buckets [5000, 6000), i.e. 10% of users, from the second arm to the first;
 *       this is what every re-allocation of a Thompson-sampling experiment does
 *       ({@link dev.affinity.experiments.BanditJob}): sticky in between, users near a moved boundary switch at it;</li>
 *   <li>changing the salt reshuffles everyone (use it to start a clean re-run).</li>
 * </ul>
 */
public final class Assigner {

  /** Number of buckets; layer ranges and weights are resolved at this granularity (0.01%). */
  public static final int BUCKETS = 10_000;

  private Assigner() {}

  /** Stable bucket in {@code 0 .. BUCKETS-1} for the given parts (see the class comment for the exact encoding). */
  public static int bucket(String... parts) {
    if (parts == null || parts.length == 0) {
      throw new IllegalArgumentException("bucket needs at least one part");
    }
    MessageDigest sha = sha256();
    for (String part : parts) {
      if (part == null) {
        throw new IllegalArgumentException("bucket parts must not be null");
      }
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      int n = bytes.length;
      sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
      sha.update(bytes);
    }
    byte[] digest = sha.digest();
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (digest[i] & 0xFF);
    }
    return (int) Long.remainderUnsigned(h, BUCKETS);
  }

  /**
   * The variant {@code userId} sees in experiment {@code e}, or empty when the user's layer bucket lies outside the
   * experiment's range (or every weight is 0, which the layout forbids).
   */
  public static Optional<String> assign(ExperimentLayout e, String userId) {
    if (e == null) {
      throw new IllegalArgumentException("experiment layout must not be null");
    }
    if (userId == null || userId.isEmpty()) {
      throw new IllegalArgumentException("userId must not be empty");
    }
    int b = bucket(e.tenantId(), "layer", e.layer(), userId);
    if (b < e.rangeStart() || b >= e.rangeEnd()) {
      return Optional.empty();
    }
    return Optional.of(variantFor(e.variants(), bucket(e.tenantId(), "variant", e.salt(), userId)));
  }

  /**
   * True when both experiments sit in the same tenant and layer and their bucket ranges share at least one bucket
   * (an empty range shares none, so a zero-coverage experiment never conflicts).
   */
  public static boolean overlaps(ExperimentLayout a, ExperimentLayout b) {
    if (a == null || b == null) {
      throw new IllegalArgumentException("experiment layouts must not be null");
    }
    return a.tenantId().equals(b.tenantId()) && a.layer().equals(b.layer())
        && Math.max(a.rangeStart(), b.rangeStart()) < Math.min(a.rangeEnd(), b.rangeEnd());
  }

  /**
   * Picks the first variant whose cumulative normalised weight boundary (in buckets) exceeds {@code b}. Boundaries are
   * computed from running sums, so the last positive-weight variant always closes at {@link #BUCKETS}.
   */
  static String variantFor(List<VariantSlot> variants, int b) {
    double total = 0;
    for (VariantSlot v : variants) {
      total += v.weight();
    }
    double cumulative = 0;
    String last = null;
    for (VariantSlot v : variants) {
      if (v.weight() == 0) {
        continue;
      }
      cumulative += v.weight();
      last = v.name();
      if (b < cumulative / total * BUCKETS) {
        return v.name();
      }
    }
    return last; // floating-point rounding at the very top: the last positive-weight arm owns the remainder
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is mandatory on every Java platform", ex);
    }
  }
}
