package dev.affinity.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads interaction TSV files with a header naming {@code user} and {@code item} columns (any
 * order, extra columns ignored), the format of the offline data sets and of exports.
 *
 * <p>Rows are returned in time order, which sequence-aware models use: by a numeric
 * {@code timestamp} column when the header has one (ties keep file order), else in file order —
 * as in DiffRec's files, whose rows of a user are chronological.
 */
final class Tsv {

  /** Parallel lists of user and item ids, one entry per data line. */
  record Pairs(List<String> users, List<String> items) {
  }

  private Tsv() {
  }

  /** The pairs sorted by time, stable. */
  private static Pairs byTime(List<String> users, List<String> items, List<Double> times) {
    Integer[] order = new Integer[users.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(times.get(a), times.get(b)));
    List<String> u = new ArrayList<>(order.length);
    List<String> i = new ArrayList<>(order.length);
    for (int k : order) {
      u.add(users.get(k));
      i.add(items.get(k));
    }
    return new Pairs(u, i);
  }

  static Pairs read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + ": empty file, expected a header user<TAB>item");
      }
      String[] names = header.split("\t", -1);
      int uc = -1;
      int ic = -1;
      int tc = -1;
      for (int c = 0; c < names.length; c++) {
        String name = names[c].trim();
        if (name.equals("user")) {
          uc = c;
        } else if (name.equals("item")) {
          ic = c;
        } else if (name.equals("timestamp")) {
          tc = c;
        }
      }
      if (uc < 0 || ic < 0) {
        throw new IllegalArgumentException(file + ": header must name columns 'user' and 'item', got '"
            + header + "'");
      }
      List<String> users = new ArrayList<>();
      List<String> items = new ArrayList<>();
      List<Double> times = new ArrayList<>();
      String line;
      int lineNo = 1;
      int need = Math.max(Math.max(uc, ic), tc);
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length <= need || f[uc].isEmpty() || f[ic].isEmpty()) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": expected a user and an item, got '"
              + line + "'");
        }
        users.add(f[uc]);
        items.add(f[ic]);
        if (tc >= 0) {
          try {
            times.add(Double.parseDouble(f[tc].trim()));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": timestamp must be a number, got '"
                + f[tc] + "'");
          }
        }
      }
      return tc < 0 ? new Pairs(users, items) : byTime(users, items, times);
    }
  }
}
