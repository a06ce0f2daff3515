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

  /**
   * Popularity on five users and four items, worked out by hand (log2 3 = 1.58496, log2 4 = 2).
   * Training counts a 4, b 3, c 2, d 1, so every ranking is a, b, c, d minus the masked items.
   * Validation: u1 (trained a) ranks b, c, d and holds {b, d}: hits at ranks 1 and 3, recall 1,
   * NDCG (1 + 1/2) / (1 + 1/log2 3) = 0.91972; u2 (a, b) ranks c, d and holds {d}: recall 1,
   * NDCG 1/log2 3 = 0.63093. Test masks training and validation: u1 ranks c and holds {c}, u3
   * (a, b, c) ranks d and holds {d}: both recall 1, NDCG 1. The other users have nothing held out
   * and count as zero: every average is over all five users, as in DiffRec's evaluation.
   */
  @Test
  void metricsMatchAHandComputedExample() throws IOException {
    Path small = Files.createDirectories(dir.resolve("by-hand"));
    Path tr = Files.writeString(small.resolve("train.tsv"),
        "user\titem\nu1\ta\nu2\ta\nu2\tb\nu3\ta\nu3\tb\nu3\tc\nu4\ta\nu4\tb\nu4\tc\nu5\td\n");
    Path va = Files.writeString(small.resolve("valid.tsv"), "user\titem\nu1\tb\nu1\td\nu2\td\n");
    Path te = Files.writeString(small.resolve("test.tsv"), "user\titem\nu1\tc\nu3\td\n");
    Run r = run("--train", tr.toString(), "--valid", va.toString(), "--test", te.toString(), "--model",
        "popularity", "--json", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    JsonObject j = new JsonObject(r.out().trim());
    JsonObject v = j.getJsonObject("valid");
    double eps = 1e-4;
    assertEquals(2 / 5.0, v.getDouble("recall@10"), eps);
    assertEquals(2 / 5.0, v.getDouble("recall@20"), eps);
    assertEquals((0.91972 + 0.63093) / 5, v.getDouble("ndcg@10"), eps);
    assertEquals((0.91972 + 0.63093) / 5, v.getDouble("ndcg@20"), eps);
    assertEquals((2 / 20.0 + 1 / 20.0) / 5, v.getDouble("precision@20"), eps);
    assertEquals(5, v.getInteger("users"));
    assertEquals(2, v.getInteger("users_with_items"));
    assertEquals(2 / 5.0, j.getDouble("recall@20"), eps);
    assertEquals(2 / 5.0, j.getDouble("ndcg@10"), eps);
    assertEquals((1 / 20.0 + 1 / 20.0) / 5, j.getDouble("precision@20"), eps);
    assertEquals("test", j.getString("split"));
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

  /** DiffRec's reference model selection: the best validation epoch is kept, and reproduces on its own. */
  @Test
  void checkpointsKeepTheBestValidationEpochAndItReproduces() {
    String[] common = {"--train", train.toString(), "--valid", valid.toString(), "--model", "diffrec", "--json",
        "--threads", "2", "--param", "hidden=32", "--param", "batch=100", "--param", "steps=5"};
    Run r = run(concat(common, "--param", "epochs=9", "--checkpoint-every", "2", "--patience", "10"));
    assertEquals(0, r.code(), r.err());
    JsonObject j = new JsonObject(r.out().trim());
    io.vertx.core.json.JsonArray trail = j.getJsonArray("checkpoints");
    // every second epoch, and the last one (9) although it falls between checkpoints
    assertEquals(List.of(2, 4, 6, 8, 9), trail.stream().map(t -> ((JsonObject) t).getInteger("epoch")).toList());
    JsonObject best = trail.stream().map(t -> (JsonObject) t)
        .max(java.util.Comparator.comparingDouble(t -> t.getDouble("recall@20"))).orElseThrow();
    assertEquals(best.getDouble("recall@20"), j.getDouble("recall@20"), 1e-12);
    assertEquals(best.getInteger("epoch"), j.getJsonObject("params").getInteger("epochs"));
    Run again = run(concat(common, "--param", "epochs=" + best.getInteger("epoch")));
    assertEquals(0, again.code(), again.err());
    assertEquals(j.getDouble("recall@20"), new JsonObject(again.out().trim()).getDouble("recall@20"), 1e-12);

    Run impatient = run(concat(common, "--param", "epochs=30", "--checkpoint-every", "1", "--patience", "1"));
    assertEquals(0, impatient.code(), impatient.err());
    io.vertx.core.json.JsonArray t = new JsonObject(impatient.out().trim()).getJsonArray("checkpoints");
    // patience 1: training stops at the first evaluation that does not improve on the best
    for (int k = 1; k < t.size() - 1; k++) {
      assertTrue(t.getJsonObject(k).getDouble("recall@20") > t.getJsonObject(k - 1).getDouble("recall@20"), t.encode());
    }
    if (t.size() < 30) {
      assertTrue(t.getJsonObject(t.size() - 1).getDouble("recall@20") <= t.getJsonObject(t.size() - 2).getDouble("recall@20"),
          t.encode());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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
