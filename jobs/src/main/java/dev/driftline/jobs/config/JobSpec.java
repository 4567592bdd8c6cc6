package dev.driftline.jobs.config;

import dev.driftline.jobs.decision.Levels;
import dev.driftline.jobs.decision.QualityFinding.Measure;
import dev.driftline.jobs.decision.RetrainSettings;
import dev.driftline.udfs.math.DriftMeasure;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A validated config with every default filled in: what the jobs read. Built by
 * {@link ConfigLoader}; nothing here is null except the optional input columns. Thresholds are an
 * {@link EnumMap}, so {@link #toString()} is stable and fingerprints are deterministic.
 */
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
    Map<DriftMeasure, Levels> thresholds,
    double maxPValue,
    PValueAdjustment pValueAdjustment,
    long minRows,
    Map<Measure, Levels> qualityThresholds,
    Levels volumeLevels,
    RetrainSettings retraining,
    TriggerSpec trigger,
    String warehouse,
    String database,
    PerformanceSpec performance,
    EmbeddingSpec embedding) {

  public static final int DEFAULT_MAX_SLICE_VALUES = 100;
  public static final double DEFAULT_MAX_P_VALUE = 0.01;
  public static final long DEFAULT_MIN_ROWS = 200;
  public static final Map<DriftMeasure, Levels> DEFAULT_THRESHOLDS =
      Collections.unmodifiableMap(new EnumMap<>(Map.of(DriftMeasure.PSI, new Levels(0.1, 0.25))));

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

  /** What a monitored column is: profiled as numeric or categorical, or sketched as an embedding. */
  public enum Kind { NUMERIC, CATEGORICAL, EMBEDDING }

  public enum Role { FEATURE, PREDICTION }

  public record MonitoredColumn(ColumnSpec spec, Kind kind, Role role) {
    public String name() {
      return spec.name();
    }
  }

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
  /**
   * The reference days: a fixed window or a rolling one, and, once the model was retrained, the
   * retrained model's first {@code daysAfterRetrain} days (0: the reference never moves).
   *
   * @param retrains the days a retrained model took over ({@code retrain_events}), in any order
   */
  public record ReferenceWindow(LocalDate from, LocalDate to, int rollingDays, int lagDays, int daysAfterRetrain,
      List<LocalDate> retrains) {

    public ReferenceWindow(LocalDate from, LocalDate to, int rollingDays, int lagDays) {
      this(from, to, rollingDays, lagDays, 0, List.of());
    }

    public boolean isRolling() {
      return from == null;
    }

    /** The same window, moving to the first {@code days} days after each of {@code retrains}. */
    public ReferenceWindow afterRetrains(int days, List<LocalDate> retrains) {
      return new ReferenceWindow(from, to, rollingDays, lagDays, days, List.copyOf(retrains));
    }

    /**
     * The reference days for a run on {@code runDate}: the first {@code daysAfterRetrain} days of
     * the latest retrained model whose first days all came before {@code runDate}, else the
     * configured window. Until those days are complete the old reference stays.
     */
    public DateRange forRunDate(LocalDate runDate) {
      if (daysAfterRetrain > 0) {
        LocalDate latest = retrains.stream().filter(r -> r.plusDays(daysAfterRetrain - 1L).isBefore(runDate))
            .max(LocalDate::compareTo).orElse(null);
        if (latest != null) {
          return new DateRange(latest, latest.plusDays(daysAfterRetrain - 1L));
        }
      }
      if (!isRolling()) {
        return new DateRange(from, to);
      }
      LocalDate end = runDate.minusDays(lagDays);
      return new DateRange(end.minusDays(rollingDays - 1L), end);
    }
  }

  /** A builder holding this spec's values, to change a few of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a spec field by field; {@link #toBuilder()} starts from an existing one. */
  public static final class Builder {
    private String model;
    private InputSpec input;
    private List<MonitoredColumn> columns;
    private List<ColumnSpec> slices;
    private int maxSliceValues;
    private ReferenceWindow reference;
    private int bins;
    private int maxCategories;
    private double smoothing;
    private Map<DriftMeasure, Levels> thresholds;
    private double maxPValue;
    private PValueAdjustment pValueAdjustment;
    private long minRows;
    private Map<Measure, Levels> qualityThresholds;
    private Levels volumeLevels;
    private RetrainSettings retraining;
    private TriggerSpec trigger;
    private String warehouse;
    private String database;
    private PerformanceSpec performance;
    private EmbeddingSpec embedding = EmbeddingSpec.NONE;

    public Builder() {}

    private Builder(JobSpec s) {
      model(s.model).input(s.input).columns(s.columns).slices(s.slices).maxSliceValues(s.maxSliceValues)
          .reference(s.reference).bins(s.bins).maxCategories(s.maxCategories).smoothing(s.smoothing)
          .thresholds(s.thresholds).maxPValue(s.maxPValue).pValueAdjustment(s.pValueAdjustment).minRows(s.minRows)
          .qualityThresholds(s.qualityThresholds).volumeLevels(s.volumeLevels).retraining(s.retraining).trigger(s.trigger).warehouse(s.warehouse).database(s.database).performance(s.performance).embedding(s.embedding);
    }

    public Builder model(String v) { model = v; return this; }
    public Builder input(InputSpec v) { input = v; return this; }
    public Builder columns(List<MonitoredColumn> v) { columns = v; return this; }
    public Builder slices(List<ColumnSpec> v) { slices = v; return this; }
    public Builder maxSliceValues(int v) { maxSliceValues = v; return this; }
    public Builder reference(ReferenceWindow v) { reference = v; return this; }
    public Builder bins(int v) { bins = v; return this; }
    public Builder maxCategories(int v) { maxCategories = v; return this; }
    public Builder smoothing(double v) { smoothing = v; return this; }
    public Builder thresholds(Map<DriftMeasure, Levels> v) { thresholds = v; return this; }
    public Builder maxPValue(double v) { maxPValue = v; return this; }
    public Builder pValueAdjustment(PValueAdjustment v) { pValueAdjustment = v; return this; }
    public Builder minRows(long v) { minRows = v; return this; }
    public Builder qualityThresholds(Map<Measure, Levels> v) { qualityThresholds = v; return this; }
    public Builder volumeLevels(Levels v) { volumeLevels = v; return this; }
    public Builder retraining(RetrainSettings v) { retraining = v; return this; }
    public Builder trigger(TriggerSpec v) { trigger = v; return this; }
    public Builder warehouse(String v) { warehouse = v; return this; }
    public Builder database(String v) { database = v; return this; }
    public Builder performance(PerformanceSpec v) { performance = v; return this; }
    public Builder embedding(EmbeddingSpec v) { embedding = v; return this; }

    public JobSpec build() {
      return new JobSpec(model, input, columns, slices, maxSliceValues, reference, bins, maxCategories, smoothing,
          thresholds, maxPValue, pValueAdjustment, minRows, qualityThresholds, volumeLevels, retraining, trigger, warehouse, database, performance,
          embedding);
    }
  }
}
