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

  private static int checkedLength(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("corrupt model: negative array length " + n);
    }
    return n;
  }
}
