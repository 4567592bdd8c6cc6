package dev.driftline.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.DriftTrendFinding.DayPoint;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.jobs.drift.DriftTrends.SeriesKey;
import dev.driftline.jobs.report.ReportData;
import dev.driftline.jobs.report.ReportData.Decision;
import dev.driftline.jobs.report.ReportData.HeatCell;
import dev.driftline.jobs.report.ReportData.Histogram;
import dev.driftline.jobs.report.ReportData.Incident;
import dev.driftline.jobs.report.ReportData.Lineage;
import dev.driftline.jobs.report.ReportData.MetricSeries;
import dev.driftline.jobs.report.ReportData.MovingBin;
import dev.driftline.jobs.report.ReportData.QualityRow;
import dev.driftline.jobs.report.ReportData.Share;
import dev.driftline.jobs.report.ReportData.Thresholds;
import dev.driftline.jobs.report.ReportData.Trend;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads a day's report from the stored tables into a {@link ReportData}: the only Spark part of
 * the report. Nothing rescans the input. A day without a successful run, or a warehouse without
 * {@code runs} or {@code drift_metrics}, is a {@link ConfigException}; the other tables may be
 * absent (no labels, no decisions yet) and leave their sections empty.
 */
public final class ReportTables {

  private static final List<String> SEVERITY_ORDER =
      List.of("critical", "warn", "emerging", "info", "insufficient_data", "none");
  private static final Set<String> NOT_FINE = Set.of("critical", "warn", "emerging", "info");
  private static final Set<String> DRIFT_KINDS = Set.of("feature_drift", "prediction_drift");
  private static final int MAX_QUALITY_ROWS = 100;

  private final Warehouse warehouse;
  private final JobSpec spec;
  private final LocalDate ds;
  private final List<LocalDate> window;

  private ReportTables(Warehouse warehouse, JobSpec spec, LocalDate ds, int days) {
    this.warehouse = warehouse;
    this.spec = spec;
    this.ds = ds;
    this.window = ds.minusDays(days - 1L).datesUntil(ds.plusDays(1)).toList();
  }

  /** The report of {@code ds} over the {@code days} ending on it. */
  public static ReportData read(Warehouse warehouse, JobSpec spec, LocalDate ds, int days) {
    if (days < 1) {
      throw new ConfigException("--days must be at least 1, got " + days);
    }
    return new ReportTables(warehouse, spec, ds, days).read();
  }

  private ReportData read() {
    Row run = runOfTheDay();
    Dataset<Row> drift = required(Table.DRIFT_METRICS);
    List<Row> baseline = day(drift).where(col("comparison").equalTo(lit(Comparison.BASELINE.key())))
        .select("slice_key", "slice_value", "column_name", "psi", "severity", "top_bins").collectAsList();
    List<Row> incidentRows = optional(Table.INCIDENTS).map(t -> day(t).where(col("status").notEqual(lit("resolved")))
        .collectAsList()).orElse(List.of());
    List<Incident> incidents = incidents(incidentRows, baseline);
    Levels psi = spec.thresholds().get(DriftMeasure.PSI);
    return new ReportData(spec.model(), ds, window, decision(), incidents, heatmap(baseline),
        trends(drift, incidents), psi == null ? new Thresholds(null, null) : new Thresholds(psi.warn(), psi.critical()),
        metrics("quality"), metrics("latency"), qualityRows(), qualityChecks(), lineage(run));
  }

  /** The report's lineage: the day's {@code runs} row and the day's graph in the {@code lineage} table. */
  private Lineage lineage(Row run) {
    return new Lineage(run.getAs("run_id"), run.getAs("command"), run.getAs("config_fingerprint"),
        run.getAs("reference_id"), javaMap(run, "input_versions"), javaMap(run, "output_versions"),
        run.getAs("driftline_version"), run.getAs("spark_version"), String.valueOf(run.<Object>getAs("finished_at")),
        LineageRows.read(warehouse, spec.model(), ds).orElse(null));
  }

  private Row runOfTheDay() {
    Dataset<Row> runs = required(Table.RUNS).where(col("model").equalTo(lit(spec.model())));
    List<Row> day = runs.where(col("ds").equalTo(lit(Date.valueOf(ds)))).orderBy(col("finished_at").desc())
        .collectAsList();
    if (day.isEmpty()) {
      if (runs.isEmpty()) {
        throw new ConfigException("no run of model '" + spec.model() + "' under " + warehouse.root());
      }
      throw new ConfigException("no run of model '" + spec.model() + "' on " + ds + " under " + warehouse.root());
    }
    return day.stream().filter(r -> "succeeded".equals(r.getAs("status"))).findFirst()
        .orElseThrow(() -> new ConfigException("the last run of " + ds + " did not succeed ("
            + day.get(0).getAs("status") + "): " + day.get(0).getAs("error")));
  }

  private Decision decision() {
    List<Row> rows = optional(Table.RETRAIN_DECISIONS).map(t -> day(t).collectAsList()).orElse(List.of());
    if (rows.isEmpty()) {
      return null;
    }
    Row r = rows.get(0);
    List<String> reasons = r.<Row>getList(r.fieldIndex("reasons")).stream().map(x -> x.<String>getAs("sentence")).toList();
    return new Decision(r.getAs("decision"), reasons, r.getList(r.fieldIndex("blocked_by")), r.getAs("trigger_status"));
  }

  private List<Incident> incidents(List<Row> rows, List<Row> baseline) {
    Map<String, Row> driftRows = new HashMap<>();
    baseline.forEach(r -> driftRows.put(key(r), r));
    Map<String, Histogram> histograms = histograms(rows.stream().filter(r -> DRIFT_KINDS.contains(r.<String>getAs("kind")))
        .toList());
    return rows.stream().sorted(Comparator.comparing((Row r) -> rank(r.getAs("severity")))
            .thenComparing(r -> r.<String>getAs("incident_id")))
        .map(r -> {
          Row drift = DRIFT_KINDS.contains(r.<String>getAs("kind")) ? driftRows.get(key(r)) : null;
          List<MovingBin> moving = drift == null ? List.of() : drift.<Row>getList(drift.fieldIndex("top_bins")).stream()
              .map(b -> new MovingBin(b.getAs("label"), orNaN(b, "ref_share"), orNaN(b, "cur_share"),
                  orNaN(b, "psi_contribution"))).toList();
          List<Share> attribution = r.<Row>getList(r.fieldIndex("attribution")).stream()
              .map(a -> new Share(a.getAs("slice"), orNaN(a, "share"))).toList();
          return new Incident(r.getAs("incident_id"), r.getAs("status"), r.getAs("kind"), r.getAs("column_name"),
              slice(r), r.getAs("severity"), r.<Date>getAs("first_ds").toLocalDate(), r.getAs("summary"), attribution,
              histograms.get(key(r)), moving);
        }).toList();
  }

  /** Each drift incident's column in its slice: the day's counts and the reference's, on the reference bins. */
  private Map<String, Histogram> histograms(List<Row> driftIncidents) {
    Map<String, Histogram> out = new HashMap<>();
    if (driftIncidents.isEmpty() || !warehouse.exists(Table.FEATURE_PROFILES) || !warehouse.exists(Table.REFERENCE_PROFILES)) {
      return out;
    }
    Set<String> wanted = driftIncidents.stream().map(ReportTables::key).collect(Collectors.toSet());
    Column columns = col("column_name").isin(driftIncidents.stream().map(r -> r.getAs("column_name")).distinct().toArray());
    Map<String, Row> day = new HashMap<>();
    for (Row r : day(required(Table.FEATURE_PROFILES)).where(columns)
        .select("slice_key", "slice_value", "column_name", "reference_id", "counts").collectAsList()) {
      if (wanted.contains(key(r))) {
        day.put(key(r), r);
      }
    }
    Object[] referenceIds = day.values().stream().map(r -> r.getAs("reference_id")).distinct().toArray();
    for (Row ref : model(required(Table.REFERENCE_PROFILES)).where(columns.and(col("reference_id").isin(referenceIds)))
        .select("slice_key", "slice_value", "column_name", "reference_id", "bin_labels", "counts").collectAsList()) {
      Row cur = day.get(key(ref));
      if (cur != null && cur.getAs("reference_id").equals(ref.getAs("reference_id"))) {
        out.put(key(ref), new Histogram(ref.getList(ref.fieldIndex("bin_labels")), ref.getList(ref.fieldIndex("counts")),
            cur.getList(cur.fieldIndex("counts"))));
      }
    }
    return out;
  }

  private List<HeatCell> heatmap(List<Row> baseline) {
    List<String> order = spec.profiledColumns().stream().map(JobSpec.MonitoredColumn::name).toList();
    return baseline.stream()
        .sorted(Comparator.comparing((Row r) -> !ProfileLayout.GLOBAL.equals(r.getAs("slice_key")))
            .thenComparing(r -> r.<String>getAs("slice_key")).thenComparing(r -> r.<String>getAs("slice_value"))
            .thenComparing(r -> columnRank(order, r.getAs("column_name"))))
        .map(r -> new HeatCell(r.getAs("column_name"), slice(r), orNaN(r, "psi"), r.getAs("severity"))).toList();
  }

  /** Every column on the whole day, then each drift incident's column in its own slice. */
  private List<Trend> trends(Dataset<Row> drift, List<Incident> incidents) {
    Map<SeriesKey, List<DayPoint>> series = TrendRows.read(drift, spec.model(), window.get(0), ds);
    Set<SeriesKey> shown = new LinkedHashSet<>();
    for (JobSpec.MonitoredColumn c : spec.profiledColumns()) {
      shown.add(new SeriesKey(ProfileLayout.GLOBAL_SLICE, c.name()));
    }
    series.keySet().stream().filter(k -> incidents.stream().anyMatch(i -> DRIFT_KINDS.contains(i.kind())
        && i.column().equals(k.column()) && i.slice().equals(slice(k.slice())))).forEach(shown::add);
    List<Trend> trends = new ArrayList<>();
    for (SeriesKey k : shown) {
      List<DayPoint> points = series.get(k);
      if (points == null) {
        continue;
      }
      double[] psi = nans();
      double[] floor = nans();
      for (DayPoint p : points) {
        int i = window.indexOf(p.ds());
        psi[i] = p.psi();
        floor[i] = p.expectedPsi();
      }
      trends.add(new Trend(k.column(), slice(k.slice()), psi, floor));
    }
    return trends;
  }

  /** The whole day's metrics of a kind (quality, latency) over the window, as stored now. */
  private List<MetricSeries> metrics(String kind) {
    List<Row> rows = optional(Table.PERFORMANCE_METRICS).map(t -> inWindow(t)
        .where(col("metric_kind").equalTo(lit(kind)).and(col("slice_key").equalTo(lit(ProfileLayout.GLOBAL))))
        .select("ds", "metric", "value", "ci_lower", "ci_upper", "ref_value", "severity").orderBy("ds")
        .collectAsList()).orElse(List.of());
    Map<String, List<Row>> byMetric = rows.stream()
        .collect(Collectors.groupingBy(r -> r.getAs("metric"), LinkedHashMap::new, Collectors.toList()));
    List<MetricSeries> out = new ArrayList<>();
    byMetric.forEach((metric, points) -> {
      double[] value = nans();
      double[] lower = nans();
      double[] upper = nans();
      double reference = Double.NaN;
      String worst = "none";
      for (Row r : points) {
        int i = window.indexOf(r.<Date>getAs("ds").toLocalDate());
        value[i] = orNaN(r, "value");
        lower[i] = orNaN(r, "ci_lower");
        upper[i] = orNaN(r, "ci_upper");
        reference = Double.isNaN(orNaN(r, "ref_value")) ? reference : orNaN(r, "ref_value");
        worst = rank(r.getAs("severity")) < rank(worst) && NOT_FINE.contains(r.<String>getAs("severity"))
            ? r.getAs("severity") : worst;
      }
      out.add(new MetricSeries(metric, slice(ProfileLayout.GLOBAL_SLICE), value, lower, upper, reference, worst));
    });
    return out;
  }

  private List<QualityRow> qualityRows() {
    return optional(Table.DATA_QUALITY).map(t -> day(t).where(col("severity").isin(NOT_FINE.toArray()))
        .select("check", "slice_key", "slice_value", "column_name", "rows", "severity", "severity_reason")
        .collectAsList()).orElse(List.of()).stream()
        .map(r -> new QualityRow(r.getAs("check"), slice(r), r.getAs("column_name"), r.<Long>getAs("rows"),
            r.getAs("severity"), r.getAs("severity_reason")))
        .sorted(Comparator.comparing((QualityRow q) -> rank(q.severity())).thenComparing(QualityRow::check)
            .thenComparing(QualityRow::slice).thenComparing(QualityRow::column))
        .limit(MAX_QUALITY_ROWS).toList();
  }

  private long qualityChecks() {
    return optional(Table.DATA_QUALITY).map(t -> day(t).count()).orElse(0L);
  }

  private Dataset<Row> required(Table table) {
    return warehouse.read(table).orElseThrow(() -> new ConfigException(
        "no " + table.tableName() + " table under " + warehouse.root() + ": has a run written there?"));
  }

  private java.util.Optional<Dataset<Row>> optional(Table table) {
    return warehouse.read(table);
  }

  private Dataset<Row> model(Dataset<Row> table) {
    return table.where(col("model").equalTo(lit(spec.model())));
  }

  private Dataset<Row> day(Dataset<Row> table) {
    return model(table).where(col("ds").equalTo(lit(Date.valueOf(ds))));
  }

  private Dataset<Row> inWindow(Dataset<Row> table) {
    return model(table).where(col("ds").between(lit(Date.valueOf(window.get(0))), lit(Date.valueOf(ds))));
  }

  private double[] nans() {
    double[] values = new double[window.size()];
    Arrays.fill(values, Double.NaN);
    return values;
  }

  private static int columnRank(List<String> order, String column) {
    int i = order.indexOf(column);
    return i < 0 ? order.size() : i;
  }

  private static int rank(String severity) {
    int i = SEVERITY_ORDER.indexOf(severity);
    return i < 0 ? SEVERITY_ORDER.size() : i;
  }

  private static String key(Row r) {
    return r.getAs("slice_key") + "\u0000" + r.getAs("slice_value") + "\u0000" + r.getAs("column_name");
  }

  private static String slice(Row r) {
    return slice(new Slice(r.getAs("slice_key"), r.getAs("slice_value")));
  }

  /** How the report names a slice: key=value, or "whole day" for the global slice. */
  private static String slice(Slice s) {
    return ProfileLayout.GLOBAL_SLICE.equals(s) ? "whole day" : s.key() + "=" + s.value();
  }

  private static double orNaN(Row r, String field) {
    Object v = r.getAs(field);
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  private static <V> Map<String, V> javaMap(Row r, String field) {
    int i = r.fieldIndex(field);
    return r.isNullAt(i) ? Map.of() : r.getJavaMap(i);
  }
}
