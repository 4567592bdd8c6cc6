package dev.driftline.udfs.math;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fixtures written by {@code udfs/src/test/python/generate_oracle_fixtures.py}: tab
 * separated, a header row, list cells comma separated (an empty cell is an empty list).
 */
final class OracleFixtures {

  private static final String DIR = "/oracle/";

  private OracleFixtures() {}

  /** A reference and a current histogram on the same bins, with what the metrics need besides. */
  record HistogramPair(int id, String kind, double smoothing, double refStddev, String pointsOrder,
      long[] ref, long[] cur, double[] points) {

    String describe() {
      return "case " + id + " (" + kind + ", B=" + ref.length + ", m=" + DriftMetrics.total(ref)
          + ", n=" + DriftMetrics.total(cur) + ", a=" + smoothing + ", " + pointsOrder + " points)";
    }

    BinnedPair binned() {
      return new BinnedPair(ref, cur, points, refStddev, smoothing);
    }
  }

  /** A reference sample and the deduplicated quantile cuts NumPy gives for {@code bins} bins. */
  record QuantileCase(int id, String kind, int bins, double[] sample, double[] cuts) {

    String describe() {
      return "case " + id + " (" + kind + ", " + sample.length + " values, " + bins + " bins)";
    }
  }

  static List<HistogramPair> histogramPairs() {
    List<HistogramPair> pairs = new ArrayList<>();
    for (Map<String, String> row : read("histogram_pairs.tsv")) {
      pairs.add(new HistogramPair(
          Integer.parseInt(row.get("case")),
          row.get("kind"),
          Double.parseDouble(row.get("smoothing")),
          Double.parseDouble(row.get("ref_stddev")),
          row.get("points_order"),
          longs(row.get("ref")),
          longs(row.get("cur")),
          doubles(row.get("points"))));
    }
    return pairs;
  }

  /** Expected value per case id, per metric column of drift_metrics.tsv. */
  static Map<String, Map<Integer, Double>> expectedMetrics() {
    Map<String, Map<Integer, Double>> byMetric = new HashMap<>();
    for (Map<String, String> row : read("drift_metrics.tsv")) {
      int id = Integer.parseInt(row.get("case"));
      row.forEach((column, value) -> {
        if (!column.equals("case")) {
          byMetric.computeIfAbsent(column, k -> new HashMap<>()).put(id, Double.parseDouble(value));
        }
      });
    }
    return byMetric;
  }

  /** A family of p-values (NaN for left-out entries) and SciPy's Benjamini-Hochberg adjustment. */
  record PValueFamily(int id, double[] pValues, double[] adjusted) {}

  static List<PValueFamily> pValueFamilies() {
    List<PValueFamily> families = new ArrayList<>();
    for (Map<String, String> row : read("bh_adjusted.tsv")) {
      families.add(new PValueFamily(Integer.parseInt(row.get("case")), doubles(row.get("p_values")),
          doubles(row.get("adjusted"))));
    }
    return families;
  }

  static List<QuantileCase> quantileCases() {
    List<QuantileCase> cases = new ArrayList<>();
    for (Map<String, String> row : read("quantile_cuts.tsv")) {
      cases.add(new QuantileCase(
          Integer.parseInt(row.get("case")),
          row.get("kind"),
          Integer.parseInt(row.get("bins")),
          doubles(row.get("sample")),
          doubles(row.get("cuts"))));
    }
    return cases;
  }

  /** Raw reference and current values, the cuts that give each reference value a bin, and SciPy's distances. */
  record RawShift(int id, String kind, double[] ref, double[] cur, double[] cuts, double wasserstein,
      double energyDistance) {

    String describe() {
      return "case " + id + " (" + kind + ", " + ref.length + " reference and " + cur.length + " current values, "
          + (cuts.length + 1) + " bins)";
    }
  }

  static List<RawShift> rawShifts() {
    List<RawShift> cases = new ArrayList<>();
    for (Map<String, String> row : read("raw_shifts.tsv")) {
      cases.add(new RawShift(Integer.parseInt(row.get("case")), row.get("kind"), doubles(row.get("ref")),
          doubles(row.get("cur")), doubles(row.get("cuts")), Double.parseDouble(row.get("wasserstein")),
          Double.parseDouble(row.get("energy_distance"))));
    }
    return cases;
  }

  /**
   * Reference and current embedding rows, the projection directions, and every expected value of
   * {@code embedding_cases.tsv} by its column name.
   */
  record EmbeddingCase(int id, String kind, int bins, double[][] ref, double[][] cur, double[][] directions,
      Map<String, Double> expected) {

    String describe() {
      return "case " + id + " (" + kind + ", dim " + ref[0].length + ", " + ref.length + " vs " + cur.length
          + " rows, " + bins + " bins)";
    }
  }

  static List<EmbeddingCase> embeddingCases() {
    List<EmbeddingCase> cases = new ArrayList<>();
    for (Map<String, String> row : read("embedding_cases.tsv")) {
      int dim = Integer.parseInt(row.get("dim"));
      Map<String, Double> expected = new HashMap<>();
      row.forEach((column, value) -> {
        if (!List.of("case", "kind", "dim", "bins", "ref", "cur", "directions").contains(column)) {
          expected.put(column, Double.parseDouble(value));
        }
      });
      cases.add(new EmbeddingCase(Integer.parseInt(row.get("case")), row.get("kind"), Integer.parseInt(row.get("bins")),
          rows(doubles(row.get("ref")), dim), rows(doubles(row.get("cur")), dim), rows(doubles(row.get("directions")), dim),
          expected));
    }
    return cases;
  }

  static double[][] rows(double[] flat, int dim) {
    double[][] out = new double[flat.length / dim][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
    }
    return out;
  }

  static List<Map<String, String>> read(String name) {
    InputStream in = OracleFixtures.class.getResourceAsStream(DIR + name);
    if (in == null) {
      throw new IllegalStateException("fixture " + DIR + name + " is not on the test classpath");
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = reader.readLine().split("\t", -1);
      List<Map<String, String>> rows = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] cells = line.split("\t", -1);
        if (cells.length != header.length) {
          throw new IllegalStateException(name + ": row has " + cells.length + " cells, header has " + header.length);
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], cells[i]);
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long[] longs(String cell) {
    return cell.isEmpty() ? new long[0] : Arrays.stream(cell.split(",")).mapToLong(Long::parseLong).toArray();
  }

  static double[] doubles(String cell) {
    return cell.isEmpty() ? new double[0] : Arrays.stream(cell.split(",")).mapToDouble(Double::parseDouble).toArray();
  }
}
