package dev.affinity.models;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Array (de)serialisation shared by the models' save/load, so every format is length-prefixed. */
public final class Io {

  private Io() {
  }

  public static void writeInts(DataOutput out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int x : a) {
      out.writeInt(x);
    }
  }

  public static int[] readInts(DataInput in) throws IOException {
    int[] a = new int[checkedLength(in)];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readInt();
    }
    return a;
  }

  public static void writeFloats(DataOutput out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float x : a) {
      out.writeFloat(x);
    }
  }

  public static float[] readFloats(DataInput in) throws IOException {
    float[] a = new float[checkedLength(in)];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }

  /** Writes what can be written. */
  @FunctionalInterface
  public interface Writer {
    void write(DataOutput out) throws IOException;
  }

  /** Reads what a {@link Writer} wrote. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(DataInput in) throws IOException;
  }

  /**
   * A deep copy through the lossless save format: what a training checkpoint needs, a network that
   * no later update of the original can touch, without a hand-written copy per network.
   */
  public static <T> T copy(Writer writer, Reader<T> reader) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      writer.write(new java.io.DataOutputStream(bytes));
      return reader.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("in-memory copy failed", e);
    }
  }

  private static int checkedLength(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("corrupt model: negative array length " + n);
    }
    return n;
  }
}
