package dev.affinity.gpu.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * Runs independent numbered tasks on a {@link ForkJoinPool}. The CPU twins split their work into
 * more tasks than threads (so uneven tasks even out) and never share mutable state between tasks.
 */
public final class Parallel {
  private static final ForkJoinPool DEFAULT = new ForkJoinPool(
      Runtime.getRuntime().availableProcessors(), pool -> {
        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("affinity-cpu-kernels-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
      }, null, false);

  private Parallel() {}

  /**
   * The pool the CPU twins use by default: one worker per available processor. Why not the common
   * pool: it has one thread fewer than the machine (a single thread on a 2-core machine) and is
   * shared with unrelated work.
   */
  public static ForkJoinPool defaultPool() {
    return DEFAULT;
  }

  /** Runs {@code body.accept(i)} for {@code i} in [0, tasks) and waits for all of them. */
  public static void forEach(ForkJoinPool pool, int tasks, IntConsumer body) {
    if (tasks <= 0) {
      return;
    }
    if (tasks == 1 || pool.getParallelism() == 1) {
      for (int i = 0; i < tasks; i++) {
        body.accept(i);
      }
      return;
    }
    List<ForkJoinTask<?>> list = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      final int t = i;
      list.add(ForkJoinTask.adapt(() -> body.accept(t)));
    }
    if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool) {
      ForkJoinTask.invokeAll(list);
    } else {
      pool.submit(() -> ForkJoinTask.invokeAll(list)).join();
    }
  }
}
