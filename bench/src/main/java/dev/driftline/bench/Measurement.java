package dev.driftline.bench;

import dev.driftline.bench.BenchCase.Prepared;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Times of one path on one case: warm-up runs, then timed repetitions, every run's result checked
 * against Driftline's counts (a path that disagrees fails the benchmark rather than being timed).
 * Heap peaks are read from the JVM's heap pools, reset after a GC before the timed runs, so they
 * cover exactly those runs; local Spark runs its tasks in this JVM, so they include the work.
 *
 * @param peakHeapBytes sum of every heap pool's peak (young generation included, so it mostly
 *     shows how much of the heap the collector let fill up)
 * @param peakOldBytes peak of the old generation alone: memory that outlived young collections
 */
public record Measurement(String path, List<Double> seconds, long peakHeapBytes, long peakOldBytes) {

  public double median() {
    List<Double> sorted = seconds.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public double min() {
    return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  public double max() {
    return seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  static Measurement measure(BenchPath path, Prepared prepared, BinCounts expected, int warmups, int reps) {
    for (int i = 0; i < warmups; i++) {
      double s = timedAndChecked(path, prepared, expected);
      log("%s / %s: warm-up %.2f s", prepared.benchCase().name(), path.name(), s);
    }
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      double s = timedAndChecked(path, prepared, expected);
      seconds.add(s);
      log("%s / %s: run %d of %d %.2f s", prepared.benchCase().name(), path.name(), i + 1, reps, s);
    }
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long old = heap.stream().filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return new Measurement(path.name(), List.copyOf(seconds), peak, old);
  }

  private static double timedAndChecked(BenchPath path, Prepared prepared, BinCounts expected) {
    long start = System.nanoTime();
    BenchPath.Outcome outcome = path.run(prepared);
    double seconds = (System.nanoTime() - start) / 1e9;
    String difference = outcome.difference(expected);
    if (difference != null) {
      throw new IllegalStateException(path.name() + " on " + prepared.benchCase().name()
          + " disagrees with Driftline's histograms: " + difference);
    }
    return seconds;
  }

  static void log(String format, Object... args) {
    System.err.printf("bench: " + format + "%n", args);
  }
}
