package dev.driftline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets the benchmark is meant to show, evaluated on whichever of their cases were run. */
final class Goals {

  private Goals() {}

  static List<String> evaluate(Map<String, CaseResult> results) {
    List<String> lines = new ArrayList<>();
    ratio(results, "default-16M", "driftline", "scan-limit-columnar").ifPresent(r -> lines.add(verdict(r <= 1.3,
        String.format("Driftline's profile at the default shape takes %.2fx the columnar scan limit (goal <= 1.3x)",
            r))));
    ratio(results, "default-16M", "driftline", "scan-limit").ifPresent(r -> lines.add(String.format(
        "Driftline's profile at the default shape takes %.2fx the row scan limit", r)));
    ratio(results, "default-16M", "driftline-rows", "driftline").ifPresent(r -> lines.add(String.format(
        "the profile through rows takes %.2fx the profile from column batches at the default shape", r)));
    ratio(results, "default-16M", "full-run", "driftline").ifPresent(r -> lines.add(verdict(r <= 1.3,
        String.format("the full nightly run at the default shape takes %.2fx its profile (goal <= 1.3x)", r))));
    ratio(results, "compare-1M", "full-run", "driftline").ifPresent(r -> lines.add(String.format(
        "the full nightly run on compare-1M takes %.2fx its profile", r)));
    ratio(results, "deequ-peer", "deequ", "driftline").ifPresent(r -> lines.add(verdict(r >= 5,
        String.format("Deequ takes %.1fx Driftline's time on the deequ-peer shape (goal >= 5x)", r))));
    for (String c : List.of("compare-1M", "deequ-peer")) {
      ratio(results, c, "naive", "driftline").ifPresent(r -> lines.add(verdict(r >= 3,
          String.format("naive Spark takes %.1fx Driftline's time on %s (goal >= 3x)", r, c))));
    }
    List<String> rowCases = List.of("compare-1M", "rows-4M", "default-16M");
    List<String> perRow = new ArrayList<>();
    List<String> heap = new ArrayList<>();
    // Linear or better: from each size to the next, time grows at most 20% faster than rows.
    double worstGrowth = 0;
    Measurement previous = null;
    long previousRows = 0;
    for (String c : rowCases) {
      Optional<Measurement> m = find(results, c, "driftline");
      if (m.isPresent()) {
        long rows = results.get(c).benchCase().shape().rows();
        if (previous != null) {
          worstGrowth = Math.max(worstGrowth, (m.get().median() / previous.median()) / ((double) rows / previousRows));
        }
        previous = m.get();
        previousRows = rows;
        perRow.add(String.format("%,d rows: %.0f ns/row", rows, m.get().median() * 1e9 / rows));
        heap.add(String.format("%,d rows: %s old gen / %s all pools", rows,
            MarkdownReport.bytes(m.get().peakOldBytes()), MarkdownReport.bytes(m.get().peakHeapBytes())));
      }
    }
    if (perRow.size() > 1) {
      lines.add(verdict(worstGrowth <= 1.2, String.format(
          "time grows no faster than rows (worst step between sizes: %.2fx linear): %s", worstGrowth,
          String.join(", ", perRow))));
      lines.add("peak heap of the profile across sizes: " + String.join("; ", heap));
    }
    List<String> sliceCases = List.of("slices-0", "slices-1", "compare-1M");
    List<String> sliceTimes = new ArrayList<>();
    double slo = Double.MAX_VALUE;
    double shi = 0;
    for (String c : sliceCases) {
      Optional<Measurement> m = find(results, c, "driftline");
      if (m.isPresent()) {
        slo = Math.min(slo, m.get().median());
        shi = Math.max(shi, m.get().median());
        sliceTimes.add(String.format("%s %.2f s", results.get(c).benchCase().describeSlices(), m.get().median()));
      }
    }
    if (sliceTimes.size() > 1) {
      lines.add(verdict(shi / slo <= 1.2, String.format(
          "profile time from 0 to 3 slice dimensions within 20%% (max/min %.2f): %s", shi / slo,
          String.join(", ", sliceTimes))));
    }
    find(results, "slices-highcard", "driftline").ifPresent(m -> lines.add(String.format(
        "a 10,000-value slice capped to its top 100: %.2f s (%s)", m.median(),
        results.get("slices-highcard").benchCase().describeSlices())));
    embeddingCost(results).ifPresent(lines::add);
    return lines;
  }

  /**
   * What the embedding adds to the profile's pass, next to the profile's floor: the difference
   * between the profile with and without it over the scan limit, in all and per dimension, and
   * over the embedding's own scan limit (reading the arrays).
   */
  private static Optional<String> embeddingCost(Map<String, CaseResult> results) {
    String c = "embedding-4M";
    Optional<Double> with = ratio(results, c, "driftline-embedding", "scan-limit");
    Optional<Double> without = ratio(results, c, "driftline", "scan-limit");
    Optional<Double> read = ratio(results, c, "embedding-scan-limit", "scan-limit");
    if (with.isEmpty() || without.isEmpty() || read.isEmpty()) {
      return Optional.empty();
    }
    int dims = results.get(c).benchCase().shape().embeddingDimensions();
    double added = with.get() - without.get();
    return Optional.of(String.format("the profile takes %.2fx the scan limit with the %d-dimension embedding and"
        + " %.2fx without: the embedding adds %.2fx the scan limit (%.3fx per dimension), %.2fx the embedding's own"
        + " scan limit", with.get(), dims, without.get(), added, added / dims, added / read.get()));
  }

  private static String verdict(boolean met, String text) {
    return (met ? "MET: " : "MISSED: ") + text;
  }

  static Optional<Double> ratio(Map<String, CaseResult> results, String c, String path, String base) {
    Optional<Measurement> a = find(results, c, path);
    Optional<Measurement> b = find(results, c, base);
    return a.isPresent() && b.isPresent() ? Optional.of(a.get().median() / b.get().median()) : Optional.empty();
  }

  static Optional<Measurement> find(Map<String, CaseResult> results, String c, String path) {
    CaseResult r = results.get(c);
    return r == null ? Optional.empty() : r.measurements().stream().filter(m -> m.path().equals(path)).findFirst();
  }
}
