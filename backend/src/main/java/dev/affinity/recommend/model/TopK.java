package dev.affinity.recommend.model;

import java.util.Arrays;

/**
 * Keeps the {@code k} best (index, score) pairs seen so far in a bounded min-heap of primitives: O(n log k)
 * over n candidates with no boxing, which is what both neighbour selection (k = 50 per item) and
 * per-request ranking need. Ties go to the smaller index, i.e. the smaller id, so results are deterministic.
 */
public final class TopK {
  private final int k;
  private final int[] idx;
  private final float[] score;
  private int size;

  public TopK(int k) {
    this.k = Math.max(0, k);
    this.idx = new int[this.k];
    this.score = new float[this.k];
  }

  /** True when (a, sa) ranks below (b, sb). */
  private static boolean worse(int a, float sa, int b, float sb) {
    return sa < sb || (sa == sb && a > b);
  }

  public void offer(int index, float s) {
    if (k == 0) {
      return;
    }
    if (size < k) {
      idx[size] = index;
      score[size] = s;
      siftUp(size++);
    } else if (worse(idx[0], score[0], index, s)) {
      idx[0] = index;
      score[0] = s;
      siftDown(0);
    }
  }

  public int size() {
    return size;
  }

  private void siftUp(int c) {
    while (c > 0) {
      int p = (c - 1) >>> 1;
      if (!worse(idx[c], score[c], idx[p], score[p])) {
        return;
      }
      swap(c, p);
      c = p;
    }
  }

  private void siftDown(int p) {
    while (true) {
      int l = 2 * p + 1;
      if (l >= size) {
        return;
      }
      int m = l + 1 < size && worse(idx[l + 1], score[l + 1], idx[l], score[l]) ? l + 1 : l;
      if (!worse(idx[m], score[m], idx[p], score[p])) {
        return;
      }
      swap(p, m);
      p = m;
    }
  }

  private void swap(int a, int b) {
    int ti = idx[a];
    idx[a] = idx[b];
    idx[b] = ti;
    float ts = score[a];
    score[a] = score[b];
    score[b] = ts;
  }

  /** The kept pairs, best first; empties this collector. */
  public Ranked drain() {
    int n = size;
    int[] outIdx = new int[n];
    float[] outScore = new float[n];
    for (int r = n - 1; r >= 0; r--) {
      outIdx[r] = idx[0];
      outScore[r] = score[0];
      size--;
      if (size > 0) {
        idx[0] = idx[size];
        score[0] = score[size];
        siftDown(0);
      }
    }
    return new Ranked(outIdx, outScore);
  }

  /** Item indices with their scores, best first. */
  public record Ranked(int[] items, float[] scores) {
    public static final Ranked EMPTY = new Ranked(new int[0], new float[0]);

    public int size() {
      return items.length;
    }

    @Override
    public String toString() {
      return Arrays.toString(items) + Arrays.toString(scores);
    }
  }
}
