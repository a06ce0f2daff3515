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
 */
final class Tsv {

  /** Parallel lists of user and item ids, one entry per data line. */
  record Pairs(List<String> users, List<String> items) {
  }

  private Tsv() {
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
      for (int c = 0; c < names.length; c++) {
        String name = names[c].trim();
        if (name.equals("user")) {
          uc = c;
        } else if (name.equals("item")) {
          ic = c;
        }
      }
      if (uc < 0 || ic < 0) {
        throw new IllegalArgumentException(file + ": header must name columns 'user' and 'item', got '"
            + header + "'");
      }
      List<String> users = new ArrayList<>();
      List<String> items = new ArrayList<>();
      String line;
      int lineNo = 1;
      int need = Math.max(uc, ic);
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
      }
      return new Pairs(users, items);
    }
  }
}
