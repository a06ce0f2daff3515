package dev.affinity.simulate;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator sent, per variant: exposures (responses naming the variant), clicks and purchases.
 * Kept by the simulator itself so that a person (or a test) can compare it with the experiment's results
 * and see that every exposure and outcome arrived and was attributed.
 */
public final class Tally {
  /** The key used for responses that named no variant (no experiment running for that user). */
  public static final String NONE = "(none)";

  /** Counts of one variant. */
  public record Counts(long exposures, long clicks, long purchases) { }

  private final Map<String, AtomicLong[]> byVariant = new TreeMap<>();
  private final AtomicLong visits = new AtomicLong();

  synchronized void record(String variant, boolean clicked, boolean purchased) {
    AtomicLong[] c = byVariant.computeIfAbsent(variant == null ? NONE : variant,
        v -> new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong()});
    c[0].incrementAndGet();
    if (clicked) {
      c[1].incrementAndGet();
    }
    if (purchased) {
      c[2].incrementAndGet();
    }
    visits.incrementAndGet();
  }

  /** Visits made so far (each one a recommendation request answered). */
  public long visits() {
    return visits.get();
  }

  /** A snapshot of the counts, by variant name in order; {@link #NONE} for unexperimented responses. */
  public synchronized Map<String, Counts> variants() {
    Map<String, Counts> out = new TreeMap<>();
    byVariant.forEach((v, c) -> out.put(v, new Counts(c[0].get(), c[1].get(), c[2].get())));
    return out;
  }
}
