package dev.affinity.eval;

import dev.affinity.models.ItemFeatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads item descriptions for {@code eval --items}: a TSV whose header names an {@code item} column
 * and a {@code text} and/or {@code categories} column (any order, extra columns ignored);
 * categories are separated by {@code |}. Missing trailing fields read as empty, so an item may have
 * text only or categories only.
 */
final class ItemsTsv {

  private ItemsTsv() {
  }

  static ItemFeatures read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + ": empty file, expected a header item<TAB>text<TAB>categories");
      }
      List<String> names = Arrays.stream(header.split("\t", -1)).map(String::trim).toList();
      int ic = names.indexOf("item");
      int tc = names.indexOf("text");
      int cc = names.indexOf("categories");
      if (ic < 0 || (tc < 0 && cc < 0)) {
        throw new IllegalArgumentException(file + ": header must name an 'item' column and a 'text' and/or"
            + " 'categories' column, got '" + header + "'");
      }
      Map<String, ItemFeatures.Item> items = new LinkedHashMap<>();
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        String id = f.length > ic ? f[ic].trim() : "";
        if (id.isEmpty()) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": no item id in '" + line + "'");
        }
        String text = tc >= 0 && f.length > tc ? f[tc] : "";
        List<String> categories = cc >= 0 && f.length > cc
            ? Arrays.stream(f[cc].split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList()
            : List.of();
        if (items.put(id, new ItemFeatures.Item(text, categories)) != null) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": item '" + id + "' is described twice");
        }
      }
      return new ItemFeatures(items);
    }
  }
}
