package dev.affinity.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.models.Models;
import dev.affinity.models.PlantedData;
import dev.affinity.models.Recommender;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code eval} end to end, in-process, on generated TSV files. */
class EvalCommandTest {

  @TempDir
  static Path dir;
  static Path train;
  static Path valid;
  static Path test;

  @BeforeAll
  static void files() throws IOException {
    PlantedData d = PlantedData.standard();
    train = write("train.tsv", d.trainUsers(), d.trainItems());
    // split the held-out pairs alternately into validation and test
    List<String> vu = new ArrayList<>();
    List<String> vi = new ArrayList<>();
    List<String> tu = new ArrayList<>();
    List<String> ti = new ArrayList<>();
    for (int k = 0; k < d.testUsers().size(); k++) {
      (k % 2 == 0 ? vu : tu).add(d.testUsers().get(k));
      (k % 2 == 0 ? vi : ti).add(d.testItems().get(k));
    }
    valid = write("valid.tsv", vu, vi);
    test = write("test.tsv", tu, ti);
  }

  private static Path write(String name, List<String> users, List<String> items) throws IOException {
    StringBuilder sb = new StringBuilder("user\titem\tts\n");
    for (int k = 0; k < users.size(); k++) {
      sb.append(users.get(k)).append('\t').append(items.get(k)).append('\t').append(k).append('\n');
    }
    return Files.writeString(dir.resolve(name), sb);
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
  void printsOneJsonObjectWithAllMetrics() throws IOException {
    Path model = dir.resolve("ease.bin");
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--test", test.toString(),
        "--model", "ease", "--param", "lambda=50", "--json", "--threads", "2", "--save", model.toString());
    assertEquals(0, r.code(), r.err());
    JsonObject j = new JsonObject(r.out().trim());
    for (String k : List.of("recall@10", "recall@20", "ndcg@10", "ndcg@20", "precision@20", "coverage@20",
        "novelty@20", "train_seconds")) {
      assertTrue(j.getValue(k) instanceof Number, k + " missing in " + j);
    }
    assertEquals("test", j.getString("split"));
    assertEquals(50.0, j.getJsonObject("params").getDouble("lambda"));
    assertTrue(j.getDouble("recall@20") > 0.3, j.encode());
    assertTrue(j.getJsonObject("valid").getDouble("recall@20") > 0.3, j.encode());
    try (DataInputStream in = new DataInputStream(Files.newInputStream(model))) {
      Recommender m = Models.load(in);
      assertEquals("ease", m.name());
    }
  }

  @Test
  void tunesOnValidationAndReportsTheChosenParameters() {
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--model", "itemknn", "--tune",
        "--json", "--threads", "2", "--param", "shrink=10");
    assertEquals(0, r.code(), r.err());
    JsonObject j = new JsonObject(r.out().trim());
    assertEquals("valid", j.getString("split"));
    assertTrue(j.getJsonArray("tuning").size() >= 3, j.encode());
    double best = j.getJsonArray("tuning").stream()
        .mapToDouble(t -> ((JsonObject) t).getDouble("recall@20")).max().orElseThrow();
    assertEquals(best, j.getDouble("recall@20"), 1e-12);
    j.getJsonArray("tuning").forEach(t -> assertEquals("10",
        ((JsonObject) t).getJsonObject("params").getString("shrink")));
  }

  @Test
  void badParameterFailsWithAClearMessage() {
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--model", "ease", "--param",
        "lambda=-1");
    assertEquals(2, r.code());
    assertEquals("eval: ease: lambda must be > 0, got -1.0", r.err().trim());
    Run missing = run("--train", dir.resolve("nope.tsv").toString(), "--valid", valid.toString(), "--model",
        "popularity");
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("eval: no such file: "), missing.err());
  }

  @Test
  void textOutputWithoutJson() {
    Run r = run("--train", train.toString(), "--valid", valid.toString(), "--model", "popularity");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("valid: Recall@10"), r.out());
  }
}
