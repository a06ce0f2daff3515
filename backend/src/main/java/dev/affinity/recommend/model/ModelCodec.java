package dev.affinity.recommend.model;

import dev.affinity.models.Models;
import dev.affinity.models.Recommender;
import dev.affinity.recommend.ModelKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The compact binary form of a {@link TrainedModel} stored in {@code models.payload}: every node loads a
 * version from the database by these bytes, so the round trip must be lossless (floats are written as
 * their exact 32 bits). A magic number and format version come first so that an incompatible payload
 * fails loudly instead of serving garbage; decoding checks every index against the item count.
 *
 * <pre>
 * int magic 'AFM1', short format, UTF kind, int n, n × UTF item id, n × int popularity,
 * int r, r × int popularOrder, (n+1) × int neighbourStart, m × int neighbour, m × float similarity,
 * (format 2) boolean dense, [the dense scorer as {@link Models#save} writes it]
 * </pre>
 *
 * <p>Format 1 (no dense part) is still read, so versions stored before the model library was wired in
 * keep serving after an upgrade.
 */
public final class ModelCodec {
  static final int MAGIC = 0x41464d31;
  static final short FORMAT = 2;
  static final short FORMAT_NEIGHBOURS_ONLY = 1;

  private ModelCodec() {
  }

  public static byte[] encode(TrainedModel m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + m.itemIds.length * 24 + m.neighbours.length * 8);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeShort(FORMAT);
      out.writeUTF(m.kind.wireName());
      int n = m.itemIds.length;
      out.writeInt(n);
      for (String id : m.itemIds) {
        out.writeUTF(id);
      }
      for (int c : m.popularity) {
        out.writeInt(c);
      }
      out.writeInt(m.popularOrder.length);
      for (int i : m.popularOrder) {
        out.writeInt(i);
      }
      for (int s : m.neighbourStart) {
        out.writeInt(s);
      }
      for (int b : m.neighbours) {
        out.writeInt(b);
      }
      for (float s : m.similarities) {
        out.writeFloat(s);
      }
      out.writeBoolean(m.scorer != null);
      if (m.scorer != null) {
        Models.save(m.scorer, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a payload; {@link IllegalArgumentException} when it is not a valid model of this format. */
  public static TrainedModel decode(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new ByteArrayInputStream(payload), 1 << 16))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not an Affinity model payload");
      }
      short format = in.readShort();
      if (format != FORMAT && format != FORMAT_NEIGHBOURS_ONLY) {
        throw new IllegalArgumentException("model payload format " + format + " is not supported (expected " + FORMAT + ")");
      }
      String kindName = in.readUTF();
      ModelKind kind = ModelKind.fromWire(kindName)
          .orElseThrow(() -> new IllegalArgumentException("unknown model kind '" + kindName + "'"));
      int n = count(in.readInt(), payload.length);
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) {
        ids[i] = in.readUTF();
      }
      int[] pop = readInts(in, n, Integer.MAX_VALUE);
      int[] order = readInts(in, count(in.readInt(), payload.length), n);
      int[] start = readInts(in, n + 1, Integer.MAX_VALUE);
      for (int i = 0; i < n; i++) {
        if (start[i] < 0 || start[i] > start[i + 1]) {
          throw new IllegalArgumentException("corrupt neighbour offsets");
        }
      }
      int m = count(start[n], payload.length);
      int[] nbr = readInts(in, m, n);
      float[] sim = new float[m];
      for (int p = 0; p < m; p++) {
        sim[p] = in.readFloat();
      }
      Recommender scorer = null;
      if (format == FORMAT && in.readBoolean()) {
        scorer = Models.load(in);
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("trailing bytes after the model");
      }
      return new TrainedModel(kind, ids, pop, order, start, nbr, sim, scorer);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated model payload: " + e, e);
    }
  }

  private static int count(int n, int payloadBytes) {
    if (n < 0 || n > payloadBytes) {
      throw new IllegalArgumentException("corrupt model payload (count " + n + ")");
    }
    return n;
  }

  private static int[] readInts(DataInputStream in, int n, int bound) throws IOException {
    int[] a = new int[n];
    for (int k = 0; k < n; k++) {
      a[k] = in.readInt();
      if (bound != Integer.MAX_VALUE && (a[k] < 0 || a[k] >= bound)) {
        throw new IllegalArgumentException("corrupt model payload (index " + a[k] + " of " + bound + ")");
      }
    }
    return a;
  }
}
