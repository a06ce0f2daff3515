package dev.affinity.models.hybrid;

import dev.affinity.models.Algorithm;
import dev.affinity.models.Interactions;
import dev.affinity.models.Models;
import dev.affinity.models.Params;
import dev.affinity.models.Recommender;
import dev.affinity.models.Training;
import java.io.DataInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A weighted blend of other models' per-user normalised scores. Different models are right about
 * different users and items (EASE about co-occurrence, RP3beta about the long tail, iALS about
 * taste, content about items nobody has seen), and a blend tuned on held-out data keeps the best of
 * each.
 *
 * <p>Parameters: {@code models=ease,rp3beta,ials} names the sub-models; each one's own parameters
 * are namespaced, {@code ease.lambda=800}. Unless fixed {@code weights=} are given, {@code fit}
 * holds out a seeded random {@code holdout} fraction of the items of up to {@code tuneUsers} users
 * (and, with {@code coldItems}, all interactions of a random fraction of items: {@link Split}),
 * fits the sub-models on the rest, searches weights maximising {@code metric} on the held-out items
 * ({@link WeightSearch}), then refits the sub-models that got weight on all data.
 *
 * <p>The split is random, not by time ({@link Interactions} carries no timestamps): the weights
 * favour what predicts a randomly missing item, which is not always what predicts the next one.
 */
public final class Hybrid implements Algorithm<Hybrid.Options> {

  public static final String NAME = "hybrid";
  private static final Logger LOG = LoggerFactory.getLogger(Hybrid.class);

  /** Normalised scores cached for the weight search are capped at this many floats (256 MB). */
  static final long CACHE_FLOATS = 64L << 20;

  /**
   * @param models sub-model names, at least two, no repeats, not {@code hybrid}
   * @param params per sub-model, its own parameters (validated by that algorithm)
   * @param normalise {@code zscore} or {@code rank} ({@link Normalisation})
   * @param holdout fraction of a sampled user's items held out for the weight search, in (0, 0.5]
   * @param coldItems fraction of all items made cold for the weight search, in [0, 0.5]: their
   *     interactions are held out too, so that models able to rank unseen items (content) earn weight
   * @param tuneUsers users sampled for the weight search (≥ 1)
   * @param metric what the weight search maximises: {@code recall@20} or {@code ndcg@20}
   * @param weights fixed blend weights, one per model (then nothing is held out), or null to fit them
   * @param seed seed of the held-out sample
   */
  public record Options(List<String> models, Map<String, Map<String, String>> params, String normalise,
      double holdout, double coldItems, int tuneUsers, String metric, List<Double> weights, long seed) {
    public Options {
      models = List.copyOf(models);
      Params.require(models.size() >= 2, "hybrid: models must name at least two models, got " + models);
      Params.require(new HashSet<>(models).size() == models.size(),
          "hybrid: models must not repeat a model, got " + models);
      for (String m : models) {
        Params.require(!m.equals(NAME), "hybrid: a hybrid cannot blend hybrids");
        try {
          Models.algorithm(m);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("hybrid: " + e.getMessage(), e);
        }
      }
      Map<String, Map<String, String>> copy = new TreeMap<>();
      for (Map.Entry<String, Map<String, String>> e : params.entrySet()) {
        Params.require(models.contains(e.getKey()), "hybrid: parameters given for '" + e.getKey()
            + "', which is not in models=" + String.join(",", models));
        try {
          Models.algorithm(e.getKey()).options(e.getValue());
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException("hybrid: " + ex.getMessage(), ex);
        }
        copy.put(e.getKey(), Collections.unmodifiableMap(new TreeMap<>(e.getValue())));
      }
      params = Collections.unmodifiableMap(copy);
      Normalisation.of(normalise);
      Params.require(holdout > 0 && holdout <= 0.5, "hybrid: holdout must be in (0, 0.5], got " + holdout);
      Params.require(coldItems >= 0 && coldItems <= 0.5,
          "hybrid: coldItems must be in [0, 0.5], got " + coldItems);
      Params.require(tuneUsers >= 1, "hybrid: tuneUsers must be >= 1, got " + tuneUsers);
      Params.require(metric.equals("recall@20") || metric.equals("ndcg@20"),
          "hybrid: metric must be recall@20 or ndcg@20, got '" + metric + "'");
      if (weights != null) {
        weights = List.copyOf(weights);
        Params.require(weights.size() == models.size(), "hybrid: weights needs one value per model ("
            + models.size() + "), got " + weights.size());
        Params.require(weights.stream().allMatch(w -> w >= 0 && Double.isFinite(w))
            && weights.stream().mapToDouble(Double::doubleValue).sum() > 0,
            "hybrid: weights must be >= 0 and not all 0, got " + weights);
      }
    }

    /** The parameters of sub-model {@code model}, empty when only its defaults are used. */
    Map<String, String> paramsOf(String model) {
      return params.getOrDefault(model, Map.of());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Options options(Map<String, String> params) {
    Map<String, String> own = new TreeMap<>();
    Map<String, Map<String, String>> sub = new TreeMap<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      int dot = e.getKey().indexOf('.');
      if (dot > 0) {
        sub.computeIfAbsent(e.getKey().substring(0, dot), k -> new TreeMap<>())
            .put(e.getKey().substring(dot + 1), e.getValue());
      } else {
        own.put(e.getKey(), e.getValue());
      }
    }
    Params p = new Params(NAME, own);
    List<String> models = p.getList("models", List.of("ease", "rp3beta", "itemknn"));
    String normalise = p.getString("normalise", "zscore");
    double holdout = p.getDouble("holdout", 0.2);
    double coldItems = p.getDouble("coldItems", 0);
    int tuneUsers = p.getInt("tuneUsers", 3000);
    String metric = p.getString("metric", "recall@20");
    List<String> w = p.getList("weights", null);
    long seed = p.getLong("seed", 42);
    p.checkNoneLeft();
    List<Double> weights = null;
    if (w != null) {
      weights = new ArrayList<>();
      for (String s : w) {
        try {
          weights.add(Double.parseDouble(s));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("hybrid: weights must be numbers separated by commas, got '"
              + String.join(",", w) + "'");
        }
      }
    }
    return new Options(models, sub, normalise, holdout, coldItems, tuneUsers, metric, weights, seed);
  }

  @Override
  public Recommender fit(Interactions x, Options o, Training training) {
    Normalisation norm = Normalisation.of(o.normalise());
    double[] weights;
    if (o.weights() != null) {
      weights = o.weights().stream().mapToDouble(Double::doubleValue).toArray();
    } else {
      weights = searchWeights(x, o, norm, training);
    }
    List<Recommender> parts = new ArrayList<>();
    List<Float> kept = new ArrayList<>();
    double sum = Arrays.stream(weights).sum();
    for (int m = 0; m < weights.length; m++) {
      if (weights[m] > 0) {
        parts.add(fitPart(o, m, x, training, "all data"));
        kept.add((float) (weights[m] / sum));
      }
    }
    float[] w = new float[kept.size()];
    for (int k = 0; k < w.length; k++) {
      w[k] = kept.get(k);
    }
    return new HybridModel(norm, parts, w);
  }

  private static double[] searchWeights(Interactions x, Options o, Normalisation norm, Training training) {
    int models = o.models().size();
    int maxUsers = (int) Math.max(1, Math.min(o.tuneUsers(), CACHE_FLOATS / ((long) x.numItems() * models)));
    Split split = Split.of(x, o.holdout(), o.coldItems(), maxUsers, o.seed());
    List<Recommender> parts = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      parts.add(fitPart(o, m, split.fitting(), training, "held-out split"));
    }
    WeightSearch search = WeightSearch.prepare(parts, split, norm, o.metric().equals("ndcg@20"), training);
    WeightSearch.Result r = search.run(training.progress());
    String chosen = describe(o.models(), r.weights());
    String single = describe(o.models(), r.single());
    training.progress().update(String.format(Locale.ROOT, "hybrid weights %s: held-out %s %.4f (alone: %s)",
        chosen, o.metric(), r.objective(), single), 1.0);
    LOG.debug("hybrid: {} users held out, weights {}, {} {} (alone {})", split.users().length, chosen,
        o.metric(), r.objective(), single);
    return r.weights();
  }

  private static Recommender fitPart(Options o, int m, Interactions data, Training training, String phase) {
    String model = o.models().get(m);
    Training.Progress outer = training.progress();
    Training inner = new Training(training.threads(),
        (stage, fraction) -> outer.update("hybrid " + phase + ": " + stage, fraction));
    return Models.algorithm(model).fit(data, o.paramsOf(model), inner);
  }

  private static String describe(List<String> models, double[] values) {
    return java.util.stream.IntStream.range(0, models.size())
        .mapToObj(m -> String.format(Locale.ROOT, "%s=%.3f", models.get(m), values[m]))
        .collect(Collectors.joining(" "));
  }

  @Override
  public Recommender load(DataInput in) throws IOException {
    return HybridModel.read(in);
  }

  @Override
  public List<Map<String, String>> tuningGrid() {
    return List.of(Map.of("normalise", "zscore"), Map.of("normalise", "rank"));
  }
}
