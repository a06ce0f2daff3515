package dev.affinity.experiments;

import dev.affinity.http.ApiProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Bucket ranges within a layer. The draft and running experiments of a layer hold disjoint ranges of the
 * 10,000 buckets, so a user is in at most one of them; a new experiment takes the first gap wide enough.
 */
final class Layers {
  private Layers() {
  }

  /** A half-open range [start, end) of buckets held by an experiment. */
  record Range(int start, int end) {
  }

  /** The start of the first gap of {@code width} buckets between the taken ranges, if any. */
  static OptionalInt firstFit(List<Range> taken, int width) {
    List<Range> sorted = new ArrayList<>(taken);
    sorted.sort(Comparator.comparingInt(Range::start));
    int cursor = 0;
    for (Range r : sorted) {
      if (r.start() - cursor >= width) {
        return OptionalInt.of(cursor);
      }
      cursor = Math.max(cursor, r.end());
    }
    return Experiment.BUCKETS - cursor >= width ? OptionalInt.of(cursor) : OptionalInt.empty();
  }

  /** The start for a new range, or a 409 that says how much of the layer is free and in what pieces. */
  static int allocate(String layer, List<Range> taken, int width) {
    OptionalInt start = firstFit(taken, width);
    if (start.isPresent()) {
      return start.getAsInt();
    }
    int used = 0;
    for (Range r : taken) {
      used += r.end() - r.start();
    }
    int free = Experiment.BUCKETS - used;
    String largest = free == 0 ? "" : " (the largest free piece is " + percent(largestGap(taken)) + ")";
    throw ApiProblem.conflict("Layer '" + layer + "' has only " + percent(free) + " free" + largest
        + " but the experiment needs " + percent(width) + "; stop or delete an experiment in that layer,"
        + " lower the coverage, or use another layer.");
  }

  private static int largestGap(List<Range> taken) {
    List<Range> sorted = new ArrayList<>(taken);
    sorted.sort(Comparator.comparingInt(Range::start));
    int cursor = 0;
    int best = 0;
    for (Range r : sorted) {
      best = Math.max(best, r.start() - cursor);
      cursor = Math.max(cursor, r.end());
    }
    return Math.max(best, Experiment.BUCKETS - cursor);
  }

  private static String percent(int buckets) {
    double p = buckets / 100.0;
    return (p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p)) + "%";
  }
}
