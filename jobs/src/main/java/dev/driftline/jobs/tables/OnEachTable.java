package dev.driftline.jobs.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Delta command per table, all at once. A command on a small table is mostly the driver's
 * work (reading the table's log, planning, committing) around a short Spark job, so in turn each
 * waits for the one before while the cores idle; commands on different tables never conflict.
 * A rerun's removal of the rows it superseded from six tables went from a median of 7.1 s in turn
 * to 4.9 s at once (BENCHMARKS.md). Not for large writes: those keep both cores busy already.
 */
final class OnEachTable {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private OnEachTable() {}

  /**
   * Runs every table's command and returns once all have ended. When some fail, the first failure
   * (in the map's order) is thrown as it was, after the others have ended.
   */
  static void run(Map<Table, Runnable> commands) {
    if (commands.size() <= 1) {
      commands.values().forEach(Runnable::run);
      return;
    }
    // Threads made here inherit the caller's Spark session and local properties.
    ExecutorService pool = Executors.newFixedThreadPool(commands.size(), task -> {
      Thread t = new Thread(task, "driftline-table-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      commands.values().forEach(c -> running.add(pool.submit(c)));
      Throwable first = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          first = first == null ? e.getCause() : first;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw OnEachTable.<RuntimeException>asUnchecked(first);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Spark and Delta throw checked exceptions undeclared; callers catch them as they are. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T asUnchecked(Throwable t) throws T {
    throw (T) t;
  }
}
