package dev.affinity.eval;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Models;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code affinity eval}: trains one model on a TSV split and reports offline metrics under the
 * DiffRec protocol, optionally tuning its parameters on the validation split only, so model
 * choices are made without touching the test split.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Train a recommender on TSV interactions and report Recall/NDCG/coverage/novelty.")
public final class EvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--train", required = true, paramLabel = "TSV", description = "Training TSV (header user<TAB>item; rows in time order, or a timestamp column).")
  Path train;

  @Option(names = "--valid", required = true, paramLabel = "TSV", description = "Validation TSV (masked at test time).")
  Path valid;

  @Option(names = "--test", paramLabel = "TSV", description = "Test TSV; metrics reported on it, train+valid masked.")
  Path test;

  @Option(names = "--model", required = true, paramLabel = "NAME",
      description = "One of: popularity, itemknn, rp3beta, ease, slist, ials, multvae, diffrec, cfgan, content, hybrid.")
  String model;

  @Option(names = "--items", paramLabel = "TSV", description = "Item descriptions (header item<TAB>text<TAB>categories,"
      + " categories separated by |) for models that use them, e.g. content; described items nobody interacted with"
      + " become rankable.")
  Path items;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Model parameter key=value (repeatable).")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--tune", description = "Grid-search the model's parameters on the validation split.")
  boolean tune;

  @Option(names = "--metric", paramLabel = "METRIC", description = "Validation metric that --tune maximises: recall@20 (default) or ndcg@20.")
  String metric = "recall@20";

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model to this file.")
  Path save;

  @Option(names = "--checkpoint-every", paramLabel = "K", description = "Neural models: evaluate on validation every"
      + " K epochs and keep the best epoch by --metric (DiffRec's reference: 5); 0 = train all epochs (default).")
  int checkpointEvery;

  @Option(names = "--patience", paramLabel = "N", description = "With --checkpoint-every: stop after N evaluations"
      + " without improvement (default 4, i.e. 20 epochs at K=5, as DiffRec's reference).")
  int patience = 4;

  /** Bad input (options, files, parameters) ends with one clear line and exit code 2, no stack trace. */
  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return evaluate(spec.commandLine().getOut(), err);
    } catch (IllegalArgumentException | java.nio.file.NoSuchFileException e) {
      err.println("eval: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file: " : "")
          + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private int evaluate(PrintWriter out, PrintWriter err) throws Exception {
    Training training = new Training(threads, ConsoleProgress.forStderr());
    Algorithm<?> algorithm = Models.algorithm(model);
    algorithm.options(params); // validate before reading data
    if (!metric.equals("recall@20") && !metric.equals("ndcg@20")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--metric must be recall@20 or ndcg@20, got " + metric);
    }
    if (checkpointEvery < 0 || patience < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--checkpoint-every must be >= 0 and --patience >= 1");
    }
    Tsv.Pairs tp = Tsv.read(train);
    Interactions x = Interactions.fromPairs(tp.users(), tp.items());
    if (items != null) {
      x = x.withItemFeatures(ItemsTsv.read(items));
    }
    Tsv.Pairs vp = Tsv.read(valid);
    Holdout validation = Holdout.of(x, vp.users(), vp.items());
    Holdout testing = null;
    if (test != null) {
      Tsv.Pairs sp = Tsv.read(test);
      testing = Holdout.of(x, sp.users(), sp.items());
    }

    JsonArray trials = new JsonArray();
    Fitted best = null;
    Report bestValid = null;
    for (Map<String, String> candidate : candidates(algorithm)) {
      Fitted fitted = fit(algorithm, x, candidate, training, validation, err);
      Report r = fitted.valid() != null ? fitted.valid()
          : Evaluator.evaluate(fitted.model(), validation, List.of(), training);
      if (tune) {
        trials.add(new JsonObject().put("params", new JsonObject(new TreeMap<>(fitted.params())))
            .put("recall@20", r.recall20()).put("ndcg@20", r.ndcg20()).put("train_seconds", fitted.seconds()));
        err.println("tune " + fitted.params() + ": " + r.line());
        err.flush();
      }
      if (bestValid == null || objective(r) > objective(bestValid)) {
        best = fitted;
        bestValid = r;
      }
    }
    Report reported = bestValid;
    if (testing != null) {
      reported = Evaluator.evaluate(best.model(), testing, List.of(validation), training);
    }
    if (save != null) {
      try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(save)))) {
        Models.save(best.model(), o);
      }
    }
    JsonObject chosen = effective(algorithm, best.params());
    if (json) {
      JsonObject o = reported.toJson()
          .put("model", model)
          .put("split", testing != null ? "test" : "valid")
          .put("train_seconds", best.seconds())
          .put("params", chosen)
          .put("users_not_in_train", (testing != null ? testing : validation).unknownUsers());
      if (testing != null) {
        o.put("valid", bestValid.toJson());
      }
      if (tune) {
        o.put("tuned_on", metric).put("tuning", trials);
      }
      if (best.checkpoints() != null) {
        o.put("checkpoints", best.checkpoints()).put("checkpoint_every", checkpointEvery).put("patience", patience);
      }
      out.println(o.encode());
    } else {
      out.printf("model %s params %s  trained in %.2f s on %d users × %d items (%d interactions)%n",
          model, chosen.encode(), best.seconds(), x.numUsers(), x.numItems(), x.nnz());
      out.println("valid: " + bestValid.line());
      if (testing != null) {
        out.println("test:  " + reported.line());
      }
    }
    out.flush();
    return 0;
  }

  private double objective(Report r) {
    return metric.equals("ndcg@20") ? r.ndcg20() : r.recall20();
  }

  /** The explicit params alone, or with --tune the grid entries under the explicit params. */
  private List<Map<String, String>> candidates(Algorithm<?> algorithm) {
    if (!tune) {
      return List.of(params);
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> g : algorithm.tuningGrid()) {
      Map<String, String> c = new LinkedHashMap<>(g);
      c.putAll(params);
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** All option values the model trained with, defaults included, by record component name. */
  private static JsonObject effective(Algorithm<?> algorithm, Map<String, String> p) throws Exception {
    Record o = algorithm.options(p);
    JsonObject j = new JsonObject();
    for (java.lang.reflect.RecordComponent c : o.getClass().getRecordComponents()) {
      j.put(c.getName(), c.getAccessor().invoke(o));
    }
    return j;
  }

  /**
   * One fit; with {@code --checkpoint-every} the epoch kept is the best on validation, and the params
   * name it ({@code epochs}), so the row reproduces without checkpoints.
   */
  private Fitted fit(Algorithm<?> algorithm, Interactions x, Map<String, String> p, Training training,
      Holdout validation, PrintWriter err) {
    if (checkpointEvery == 0) {
      long t0 = System.nanoTime();
      Recommender m = algorithm.fit(x, p, training);
      return new Fitted(m, p, (System.nanoTime() - t0) / 1e9, null, null);
    }
    EpochSelection selection = new EpochSelection(validation, checkpointEvery, patience, this::objective,
        training, err);
    Recommender last = algorithm.fit(x, p, new Training(training.threads(), training.progress(), selection));
    selection.finish(last);
    Map<String, String> chosen = p;
    if (selection.bestEpoch() > 0) {
      chosen = new LinkedHashMap<>(p);
      chosen.put("epochs", Integer.toString(selection.bestEpoch()));
    }
    return new Fitted(selection.best(), chosen, selection.bestSeconds(), selection.bestReport(),
        selection.bestEpoch() > 0 ? selection.trail() : null);
  }

  /** A fitted candidate; {@code valid} and {@code checkpoints} are set when epochs were selected. */
  private record Fitted(Recommender model, Map<String, String> params, double seconds, Report valid,
      JsonArray checkpoints) {
  }
}
