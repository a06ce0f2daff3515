package dev.affinity.models;

import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A training procedure with its typed, validated options record {@code O}.
 *
 * <p>Options come from the outside as {@code key=value} strings (CLI, API), so every algorithm
 * parses and validates them itself and rejects unknown keys; {@link #tuningGrid()} lists the small
 * set of settings that {@code eval --tune} tries on the validation split.
 */
public interface Algorithm<O extends Record> {

  String name();

  /** Options from {@code key=value} pairs over the defaults; bad values → IllegalArgumentException. */
  O options(Map<String, String> params);

  /** Trains an immutable model; {@code training} carries threads and the progress callback. */
  Recommender fit(Interactions data, O options, Training training);

  /** Reads a model written by its {@link Recommender#save} (after the name tag). */
  Recommender load(DataInput in) throws IOException;

  /** Parameter settings worth trying when tuning, from cheap to expensive. */
  List<Map<String, String>> tuningGrid();

  /** Parses {@code params} and fits: the untyped entry point for tools. */
  default Recommender fit(Interactions data, Map<String, String> params, Training training) {
    return fit(data, options(params), training);
  }
}
