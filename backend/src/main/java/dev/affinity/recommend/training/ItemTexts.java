package dev.affinity.recommend.training;

import dev.affinity.models.ItemFeatures;
import io.vertx.sqlclient.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue's descriptions for content-based training: every active, undeleted item's text and
 * categories, in id order (which fixes the column order of items no one has interacted with yet).
 */
final class ItemTexts {
  /** $1 = tenant. */
  static final String SQL = "select id, coalesce(text, ''), categories from items "
      + "where tenant_id = $1 and active and deleted_at is null order by id";

  private ItemTexts() {
  }

  static ItemFeatures fromRows(Iterable<Row> rows) {
    Map<String, ItemFeatures.Item> items = new LinkedHashMap<>();
    for (Row r : rows) {
      String[] categories = r.getArrayOfStrings(2);
      items.put(r.getString(0), new ItemFeatures.Item(r.getString(1),
          categories == null ? List.of() : List.of(categories)));
    }
    return new ItemFeatures(items);
  }
}
