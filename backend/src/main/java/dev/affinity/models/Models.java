package dev.affinity.models;

import dev.affinity.models.cfgan.Cfgan;
import dev.affinity.models.content.ContentBased;
import dev.affinity.models.diffrec.DiffRec;
import dev.affinity.models.ease.Ease;
import dev.affinity.models.hybrid.Hybrid;
import dev.affinity.models.ials.Ials;
import dev.affinity.models.knn.ItemKnn;
import dev.affinity.models.popularity.Popularity;
import dev.affinity.models.rp3.Rp3Beta;
import dev.affinity.models.slist.Slist;
import dev.affinity.models.vae.MultVae;
import dev.affinity.gpu.diffusion.CpuDiffusionSampler;
import dev.affinity.gpu.diffusion.DiffusionSampler;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of algorithms by name, and model (de)serialisation that dispatches on the name tag
 * each model writes first — one place that knows every algorithm.
 */
public final class Models {

  private static final Map<String, Algorithm<?>> ALGORITHMS = new LinkedHashMap<>();
  private static final DiffusionSampler CPU_SAMPLER = new CpuDiffusionSampler();
  private static volatile DiffusionSampler diffusionSampler = CPU_SAMPLER;

  static {
    for (Algorithm<?> a : List.<Algorithm<?>>of(new Popularity(), new ItemKnn(), new Rp3Beta(),
        new Ease(), new Slist(), new Ials(), new MultVae(), new DiffRec(), new Cfgan(), new ContentBased(),
        new Hybrid())) {
      ALGORITHMS.put(a.name(), a);
    }
  }

  private Models() {
  }

  /**
   * Where DiffRec models fitted or loaded from now on run their reverse process: the GPU runtime's
   * CUDA sampler when a node found a GPU, else the CPU twin. Process-wide on purpose — the device is
   * one per process, like OpenBLAS's thread pool, and hybrids load their sub-models deep inside
   * {@link #load} where no caller could pass it. Returns the sampler it replaces.
   */
  public static DiffusionSampler useDiffusionSampler(DiffusionSampler sampler) {
    DiffusionSampler previous = diffusionSampler;
    diffusionSampler = sampler == null ? CPU_SAMPLER : sampler;
    return previous;
  }

  /**
   * Back to the CPU twin if {@code sampler} is still the one in use (a node whose runtime closes must
   * not leave a closed device behind, nor undo another node's choice).
   */
  public static void releaseDiffusionSampler(DiffusionSampler sampler) {
    synchronized (Models.class) {
      if (diffusionSampler == sampler) {
        diffusionSampler = CPU_SAMPLER;
      }
    }
  }

  /** The sampler DiffRec uses unless it was given one ({@link #useDiffusionSampler}). */
  public static DiffusionSampler diffusionSampler() {
    return diffusionSampler;
  }

  /** Algorithm names in registration order. */
  public static List<String> names() {
    return List.copyOf(ALGORITHMS.keySet());
  }

  /** The algorithm called {@code name}; IllegalArgumentException listing the known ones if none. */
  public static Algorithm<?> algorithm(String name) {
    Algorithm<?> a = ALGORITHMS.get(name);
    if (a == null) {
      throw new IllegalArgumentException("unknown model '" + name + "' (known: "
          + String.join(", ", ALGORITHMS.keySet()) + ")");
    }
    return a;
  }

  /** Writes the model's name tag and its state. */
  public static void save(Recommender model, DataOutput out) throws IOException {
    model.save(out);
  }

  /** Reads a model written by {@link Recommender#save}. */
  public static Recommender load(DataInput in) throws IOException {
    String name = in.readUTF();
    Algorithm<?> a = ALGORITHMS.get(name);
    if (a == null) {
      throw new IOException("unknown model tag '" + name + "'");
    }
    return a.load(in);
  }
}
