package dev.driftline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark report: machine, command, one table per case and the goals. Written to a file
 * everything above {@link #NOTES_MARKER} is replaced and hand-written notes below it are kept.
 */
final class MarkdownReport {

  static final String NOTES_MARKER = "<!-- notes: everything below is kept when the benchmark rewrites this file -->";

  private MarkdownReport() {}

  static String render(String command, String sparkVersion, Map<String, CaseResult> results, boolean complete) {
    StringBuilder md = new StringBuilder();
    md.append("# Driftline benchmarks\n\n");
    md.append("Measured side by side in one JVM on the same Parquet files: the scan limits (one pass that only reads ")
        .append("every profiled column, through Spark's rows or from the column batches; \"x scan limit\" is the ")
        .append("rows' one), Driftline's profile step (from column batches, and through rows), alternative aggregation paths (SQL histogram ")
        .append("builders, vectorized UDAFs, built-in group-bys), naive Spark, Amazon Deequ and the full nightly run. Every path's histograms are checked equal to ")
        .append("Driftline's on every run before its time counts. Times are wall-clock seconds: median and ")
        .append("min-max of the timed repetitions after warm-up.\n\n");
    md.append("- Machine: ").append(machine()).append('\n');
    md.append("- Spark ").append(sparkVersion).append(" in local mode (tasks run in the benchmark's JVM)\n");
    md.append("- Reproduce: `").append(command).append("`\n");
    if (!complete) {
      md.append("- Partial: the run was still going when this was written (it is rewritten after every path)\n");
    }
    md.append('\n');
    for (CaseResult r : results.values()) {
      table(md, r);
    }
    List<String> goals = Goals.evaluate(results);
    if (!goals.isEmpty()) {
      md.append("## Goals\n\n");
      goals.forEach(g -> md.append("- ").append(g).append('\n'));
      md.append('\n');
    }
    md.append("## Paths\n\n");
    AggregationPaths.all().values().forEach(p -> md.append("- `").append(p.name()).append("`: ")
        .append(p.description()).append('\n'));
    md.append('\n');
    return md.toString();
  }

  private static void table(StringBuilder md, CaseResult r) {
    BenchCase c = r.benchCase();
    md.append("## ").append(c.name()).append("\n\n");
    md.append(c.shape().describe()).append("; job slices by ").append(c.describeSlices()).append(": ")
        .append(r.columns()).append(" profiled columns x ").append(r.groups()).append(" slice groups, ")
        .append(r.histograms()).append(" non-empty histograms. Machine load average ")
        .append(String.format("%.1f before, %.1f after", r.loadAverages()[0], r.loadAverages()[1])).append(".\n\n");
    md.append("| path | median s | min-max s | x scan limit | x driftline | peak heap (all pools) | peak old gen | runs |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Optional<Measurement> scan = find(r, "scan-limit");
    Optional<Measurement> driftline = find(r, "driftline");
    for (Measurement m : r.measurements()) {
      md.append(String.format("| %s | %.2f | %.2f-%.2f | %s | %s | %s | %s | %d |%n", m.path(), m.median(), m.min(),
          m.max(), ratio(m, scan), ratio(m, driftline), bytes(m.peakHeapBytes()), bytes(m.peakOldBytes()),
          m.seconds().size()));
    }
    md.append('\n');
  }

  private static Optional<Measurement> find(CaseResult r, String path) {
    return r.measurements().stream().filter(m -> m.path().equals(path)).findFirst();
  }

  private static String ratio(Measurement m, Optional<Measurement> base) {
    return base.map(b -> String.format("%.2f", m.median() / b.median())).orElse("-");
  }

  static String bytes(long b) {
    return b >= 1L << 30 ? String.format("%.1f GiB", b / (double) (1L << 30)) : String.format("%d MiB", b >> 20);
  }

  static String machine() {
    Runtime rt = Runtime.getRuntime();
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    return String.format("%d cores, %s memory, Java %s (%s), max heap %s, %s %s", rt.availableProcessors(),
        bytes(memory), System.getProperty("java.version"), System.getProperty("java.vm.name"), bytes(rt.maxMemory()),
        System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  /** Writes the report, keeping the notes below the marker of an existing file. */
  static void write(Path file, String report) {
    try {
      String notes = "\n" + NOTES_MARKER + "\n";
      if (Files.exists(file)) {
        String old = Files.readString(file);
        int at = old.indexOf(NOTES_MARKER);
        if (at >= 0) {
          notes = "\n" + old.substring(at);
        }
      }
      Files.writeString(file, report + notes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
