package dev.affinity.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code eval --items}: item descriptions reach the models, and an item that only appears in the
 * descriptions and the validation split can be hit.
 */
class EvalItemsTest {

  @TempDir
  static Path dir;
  static Path train;
  static Path valid;
  static Path items;

  /** Two topics of ten items; users of a topic had five of its items and go on to the topic's new item. */
  @BeforeAll
  static void files() throws IOException {
    StringBuilder t = new StringBuilder("user\titem\n");
    StringBuilder v = new StringBuilder("user\titem\n");
    StringBuilder d = new StringBuilder("item\ttext\tcategories\n");
    String[] topic = {"space rocket orbit", "ocean wave ship"};
    for (int g = 0; g < 2; g++) {
      for (int k = 0; k < 10; k++) {
        d.append("i").append(g).append(k).append('\t').append(topic[g]).append(" item").append(k)
            .append("\tTopic ").append(g).append("|Misc\n");
      }
      d.append("new").append(g).append('\t').append(topic[g]).append("\tTopic ").append(g).append('\n');
      for (int u = 0; u < 10; u++) {
        for (int k = 0; k < 5; k++) {
          t.append("u").append(g).append(u).append("\ti").append(g).append((u + k) % 10).append('\n');
        }
        v.append("u").append(g).append(u).append("\tnew").append(g).append('\n');
      }
    }
    train = Files.writeString(dir.resolve("train.tsv"), t);
    valid = Files.writeString(dir.resolve("valid.tsv"), v);
    items = Files.writeString(dir.resolve("items.tsv"), d);
  }

  private record Run(int code, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new EvalCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void contentModelHitsItemsThatOnlyTheDescriptionsKnow() {
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--items", items.toString(),
        "--model", "content", "--param", "minDf=1", "--json", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    JsonObject j = new JsonObject(r.out().trim());
    assertEquals(1.0, j.getDouble("recall@20"), 1e-9);
    assertEquals(1.0, j.getDouble("recall@10"), 1e-9);
  }

  @Test
  void withoutDescriptionsTheNewItemsCannotBeHit() {
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--model", "popularity", "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(0.0, new JsonObject(r.out().trim()).getDouble("recall@20"), 1e-9);
  }

  @Test
  void contentWithoutItemsFailsWithOneClearLine() {
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--model", "content");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("eval: content: the training data has no item text") && r.err().contains("--items"),
        r.err());
  }

  @Test
  void hybridParametersAppearInTheJson() {
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--items", items.toString(),
        "--model", "hybrid", "--param", "models=content,popularity", "--param", "content.minDf=1",
        "--param", "weights=1,0.5", "--json", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    JsonObject p = new JsonObject(r.out().trim()).getJsonObject("params");
    assertEquals(List.of("content", "popularity"), p.getJsonArray("models").getList());
    assertEquals("1", p.getJsonObject("params").getJsonObject("content").getString("minDf"));
  }

  @Test
  void badItemsFileIsNamed() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.tsv"), "id\ttext\nx\ty\n");
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--items", bad.toString(),
        "--model", "content");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("must name an 'item' column"), r.err());
    Path twice = Files.writeString(dir.resolve("twice.tsv"), "item\tcategories\nx\ta|b\nx\tc\n");
    r = run("--train", train.toString(), "--valid", valid.toString(), "--items", twice.toString(),
        "--model", "content");
    assertTrue(r.err().contains("twice.tsv:3: item 'x' is described twice"), r.err());
  }
}
