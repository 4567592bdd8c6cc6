package dev.driftline.jobs.config;

import dev.driftline.jobs.drift.DriftMetric;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A validated config with every default filled in: what the jobs read. Built by
 * {@link ConfigLoader}; nothing here is null except the optional input columns.
 */
/** Thresholds are an {@link EnumMap}, so {@link #toString()} is stable and fingerprints are deterministic. */
public record JobSpec(
    String model,
    InputSpec input,
    List<MonitoredColumn> columns,
    List<ColumnSpec> slices,
    int maxSliceValues,
    ReferenceWindow reference,
    int bins,
    int maxCategories,
    double smoothing,
    Map<DriftMetric, Levels> thresholds,
    double maxPValue,
    PValueAdjustment pValueAdjustment,
    long minRows,
    String warehouse,
    String database,
    PerformanceSpec performance) {

  public static final int DEFAULT_MAX_SLICE_VALUES = 100;
  public static final double DEFAULT_MAX_P_VALUE = 0.01;
  public static final long DEFAULT_MIN_ROWS = 200;
  public static final Map<DriftMetric, Levels> DEFAULT_THRESHOLDS =
      Collections.unmodifiableMap(new EnumMap<>(Map.of(DriftMetric.PSI, new Levels(0.1, 0.25))));

  public enum Format { DELTA, PARQUET, TABLE }

  /** How a day's many chi-square p-values are corrected before they gate alerts. */
  public enum PValueAdjustment { BENJAMINI_HOCHBERG, NONE }

  /**
   * @param location a path for DELTA and PARQUET, a metastore table name for TABLE
   * @param dateColumn the DATE (or yyyy-MM-dd string) column, or null when the date is derived
   * @param timestampColumn the event timestamp the date is derived from, or null
   */
  public record InputSpec(Format format, String location, String dateColumn, String timestampColumn,
      String timeZone, String modelVersionColumn) {

    public String describe() {
      return format.name().toLowerCase() + " " + location;
    }
  }

  public enum Kind { NUMERIC, CATEGORICAL }

  public enum Role { FEATURE, PREDICTION }

  public record MonitoredColumn(ColumnSpec spec, Kind kind, Role role) {
    public String name() {
      return spec.name();
    }
  }

  /** Warn and critical levels of one metric; a level may be null (never fires). */
  public record Levels(Double warn, Double critical) {}

  /** Columns in profile order: numeric ones first, then categorical ones (the layout's order). */
  public List<MonitoredColumn> profiledColumns() {
    return java.util.stream.Stream.concat(numericColumns().stream(), categoricalColumns().stream()).toList();
  }

  /**
   * Slice dimensions in profile order: the configured ones, then the model version column when
   * set, so every metric is also split by model version.
   */
  public List<ColumnSpec> sliceDimensions() {
    if (input.modelVersionColumn() == null
        || slices.stream().anyMatch(s -> s.name().equalsIgnoreCase(input.modelVersionColumn()))) {
      return slices;
    }
    return java.util.stream.Stream.concat(slices.stream(),
        java.util.stream.Stream.of(ColumnSpec.parse(input.modelVersionColumn(), "input.model_version_column"))).toList();
  }

  public List<MonitoredColumn> numericColumns() {
    return columns.stream().filter(c -> c.kind() == Kind.NUMERIC).toList();
  }

  public List<MonitoredColumn> categoricalColumns() {
    return columns.stream().filter(c -> c.kind() == Kind.CATEGORICAL).toList();
  }

  /** The reference: a fixed date range, or the {@code days} days ending {@code lagDays} before the run date. */
  public record ReferenceWindow(LocalDate from, LocalDate to, int rollingDays, int lagDays) {

    public boolean isRolling() {
      return from == null;
    }

    /** The reference days for a run on {@code runDate}. */
    public DateRange forRunDate(LocalDate runDate) {
      if (!isRolling()) {
        return new DateRange(from, to);
      }
      LocalDate end = runDate.minusDays(lagDays);
      return new DateRange(end.minusDays(rollingDays - 1L), end);
    }
  }
}
