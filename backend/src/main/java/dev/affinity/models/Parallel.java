package dev.affinity.models;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs index ranges over a fixed number of platform threads with dynamic chunking, because user
 * and item rows differ wildly in cost (power-law degrees) and static splits leave cores idle.
 */
public final class Parallel {

  private Parallel() {
  }

  /** Work on {@code [from, to)}, run by worker {@code worker} (0-based, < threads). */
  @FunctionalInterface
  public interface Chunk {
    void run(int worker, int from, int to);
  }

  /** Calls {@code body} on chunks of {@code [0, n)} of at most {@code grain} indices. */
  public static void forRange(int n, int grain, int threads, Chunk body) {
    if (n <= 0) {
      return;
    }
    int t = Math.max(1, Math.min(threads, (n + grain - 1) / grain));
    AtomicInteger next = new AtomicInteger();
    if (t == 1) {
      body.run(0, 0, n);
      return;
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(t)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < t; w++) {
        int worker = w;
        fs.add(pool.submit(() -> {
          int from;
          while ((from = next.getAndAdd(grain)) < n) {
            body.run(worker, from, Math.min(n, from + grain));
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
