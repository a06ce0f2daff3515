package dev.affinity.models.cfgan;

import dev.affinity.models.Interactions;
import dev.affinity.models.nn.Activation;
import dev.affinity.models.nn.Adam;
import dev.affinity.models.nn.Dense;
import dev.affinity.models.nn.SparseDense;
import dev.affinity.models.nn.SparseRows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * CFGAN's generator: maps a user's purchase vector c_u to a whole purchase vector r̂_u,
 * {@code n → hidden (tanh) → n (sigmoid)}; its first layer is sparse because c_u is. It is all a
 * fitted model keeps — the discriminator only matters while training.
 */
final class Generator {

  final SparseDense g1;
  final Dense g2;

  Generator(SparseDense g1, Dense g2) {
    if (g2.in() != g1.out() || g2.out() != g1.in()) {
      throw new IllegalArgumentException("generator layers do not chain n -> hidden -> n");
    }
    this.g1 = g1;
    this.g2 = g2;
  }

  static Generator initial(int items, int hidden, SplittableRandom rnd) {
    return new Generator(SparseDense.xavier(items, hidden, Activation.TANH, rnd),
        Dense.xavier(hidden, items, Activation.SIGMOID, rnd));
  }

  int items() {
    return g1.in();
  }

  void register(Adam adam) {
    g1.register(adam);
    g2.register(adam);
  }

  void zeroGrad() {
    g1.zeroGrad();
    g2.zeroGrad();
  }

  /** The purchase vectors c_u of {@code users[from, to)} as sparse rows. */
  static SparseRows condition(Interactions x, int[] users, int from, int to) {
    int total = 0;
    for (int r = from; r < to; r++) {
      total += x.rowSize(users[r]);
    }
    int[] ptr = new int[to - from + 1];
    int[] cols = new int[total];
    float[] vals = new float[total];
    int k = 0;
    for (int r = from; r < to; r++) {
      int u = users[r];
      for (int p = x.rowStart(u); p < x.rowEnd(u); p++) {
        cols[k] = x.cols()[p];
        vals[k++] = x.values()[p];
      }
      ptr[r - from + 1] = k;
    }
    return new SparseRows(to - from, ptr, cols, vals);
  }

  /** r̂ (rows × n) for conditions {@code c}; {@code hidden} (rows × hidden width) receives the hidden layer. */
  void generate(SparseRows c, float[] hidden, float[] out, int threads) {
    g1.forward(c, hidden, threads);
    g2.forward(hidden, c.rows(), out);
  }

  void write(DataOutput o) throws IOException {
    g1.write(o);
    g2.write(o);
  }

  static Generator read(DataInput i) throws IOException {
    try {
      return new Generator(SparseDense.read(i), Dense.read(i));
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt model: " + e.getMessage(), e);
    }
  }
}
