package dev.driftline.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.driftline.jobs.config.JobSpec.Format;
import dev.driftline.jobs.config.JobSpec.InputSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.jobs.decision.QualityFinding.Measure;
import dev.driftline.jobs.decision.QualityPolicy;
import dev.driftline.jobs.decision.VolumePolicy;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.config.JobSpec.ReferenceWindow;
import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftMetrics;
import dev.driftline.udfs.math.NumericBins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a YAML config strictly (unknown keys are errors) and resolves it into a {@link JobSpec}.
 * Every problem becomes a one-line {@link ConfigException} naming the key. Checks that need the
 * input's schema (columns exist, types fit) are done by {@code InputSchemaCheck} once the input
 * is opened.
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  /**
   * Most numeric bins: the reference's quantiles are exact to 1/10,000 of its rows, a tenth of a
   * bin at 1,000 bins; more would only add noise (and a huge quantile request could exhaust the driver).
   */
  static final int MAX_BINS = 1_000;

  private ConfigLoader() {}

  public static JobSpec load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Parses YAML text; {@code source} names it in error messages. */
  public static JobSpec parse(String text, String source) {
    JsonNode tree;
    try {
      // The whole document first: a syntax error is then reported as one, wherever it is, and not
      // as a bad value of whichever key the binder happened to be reading.
      tree = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException(source + ": malformed YAML" + where + ": " + firstLine(e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new ConfigException(source + ": the config is empty");
    }
    DriftlineConfig raw;
    try {
      raw = YAML.treeToValue(tree, DriftlineConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? ""
          : " (known keys: " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
              .collect(Collectors.joining(", ")) + ")";
      throw new ConfigException(source + ": unknown key '" + path(e, true) + "'" + known);
    } catch (JsonMappingException e) {
      throw new ConfigException(source + ": bad value for '" + path(e, false) + "': "
          + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": " + firstLine(e.getOriginalMessage()));
    }
    return resolve(raw);
  }

  /** The same spec writing to another warehouse root. */
  public static JobSpec withWarehouse(JobSpec s, String warehouse) {
    return s.toBuilder().warehouse(warehouse).build();
  }

  /** The same spec reading its prediction log from another path (the demo writes its own). */
  public static JobSpec withInputPath(JobSpec s, String path) {
    JobSpec.InputSpec in = s.input();
    return s.toBuilder().input(new JobSpec.InputSpec(in.format(), path, in.dateColumn(), in.timestampColumn(),
        in.timeZone(), in.modelVersionColumn())).build();
  }

  /** The same spec reading its labels from another path (the demo writes its own). */
  public static JobSpec withLabelsPath(JobSpec s, String path) {
    if (s.performance().labels() == null) {
      throw new ConfigException("labels: the config has no labels section");
    }
    return s.toBuilder().performance(s.performance().withLabelsLocation(path)).build();
  }

  static JobSpec resolve(DriftlineConfig c) {
    String model = required(c.model(), "model");
    InputSpec input = input(required(c.input(), "input"));

    List<MonitoredColumn> columns = new ArrayList<>();
    DriftlineConfig.Features features = required(c.features(), "features");
    addColumns(columns, features.numeric(), "features.numeric", Kind.NUMERIC, Role.FEATURE);
    addColumns(columns, features.categorical(), "features.categorical", Kind.CATEGORICAL, Role.FEATURE);
    if (c.prediction() != null) {
      DriftlineConfig.Prediction p = c.prediction();
      String kind = required(p.kind(), "prediction.kind").toLowerCase(Locale.ROOT);
      Kind columnKind = switch (kind) {
        case "probability", "regression" -> Kind.NUMERIC;
        case "class" -> Kind.CATEGORICAL;
        default -> throw new ConfigException(
            "prediction.kind: '" + p.kind() + "' is not one of probability, class, regression");
      };
      columns.add(new MonitoredColumn(
          ColumnSpec.parse(required(p.column(), "prediction.column"), "prediction.column"), columnKind, Role.PREDICTION));
    }
    if (columns.isEmpty()) {
      throw new ConfigException("features: at least one numeric or categorical feature (or a prediction) is required");
    }

    List<ColumnSpec> slices = new ArrayList<>();
    int maxSliceValues = JobSpec.DEFAULT_MAX_SLICE_VALUES;
    if (c.slices() != null) {
      List<String> entries = c.slices().columns() == null ? List.of() : c.slices().columns();
      for (int i = 0; i < entries.size(); i++) {
        slices.add(ColumnSpec.parse(entries.get(i), "slices.columns[" + i + "]"));
      }
      maxSliceValues = positive(c.slices().maxValues(), JobSpec.DEFAULT_MAX_SLICE_VALUES, "slices.max_values");
    }
    checkUniqueNames(columns, slices);
    EmbeddingSpec embedding = embedding(features.embedding(), c.embedding(), columns);

    DriftlineConfig.Binning binning = c.binning() == null ? new DriftlineConfig.Binning(null, null, null) : c.binning();
    int bins = positive(binning.bins(), NumericBins.DEFAULT_BINS, "binning.bins");
    if (bins < 2 || bins > MAX_BINS) {
      throw new ConfigException("binning.bins: must be between 2 and " + MAX_BINS + ", got " + bins);
    }
    int maxCategories = positive(binning.maxCategories(), CategoricalBins.DEFAULT_MAX_CATEGORIES, "binning.max_categories");
    double smoothing = binning.smoothing() == null ? DriftMetrics.DEFAULT_SMOOTHING : binning.smoothing();
    if (!(smoothing >= 0) || Double.isInfinite(smoothing)) {
      throw new ConfigException("binning.smoothing: must be a number >= 0, got " + smoothing);
    }

    DriftlineConfig.Drift drift = c.drift() == null ? new DriftlineConfig.Drift(null, null, null, null) : c.drift();
    Map<DriftMeasure, Levels> thresholds = thresholds(drift.thresholds());
    double maxPValue = drift.maxPValue() == null ? JobSpec.DEFAULT_MAX_P_VALUE : drift.maxPValue();
    if (!(maxPValue > 0 && maxPValue <= 1)) {
      throw new ConfigException("drift.max_p_value: must be in (0, 1], got " + maxPValue);
    }
    JobSpec.PValueAdjustment adjustment = switch (drift.pValueAdjustment() == null ? "benjamini_hochberg"
        : drift.pValueAdjustment().toLowerCase(Locale.ROOT)) {
      case "benjamini_hochberg" -> JobSpec.PValueAdjustment.BENJAMINI_HOCHBERG;
      case "none" -> JobSpec.PValueAdjustment.NONE;
      default -> throw new ConfigException("drift.p_value_adjustment: '" + drift.pValueAdjustment()
          + "' is not one of benjamini_hochberg, none");
    };
    long minRows = drift.minRows() == null ? JobSpec.DEFAULT_MIN_ROWS : drift.minRows();
    if (minRows < 1) {
      throw new ConfigException("drift.min_rows: must be at least 1, got " + minRows);
    }

    DriftlineConfig.Output output = c.output() == null ? new DriftlineConfig.Output(null, null) : c.output();
    String warehouse = output.warehouse() == null || output.warehouse().isBlank() ? "warehouse" : output.warehouse();
    String database = output.database();
    if (database != null && !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new ConfigException("output.database: '" + database + "' is not a valid database name");
    }

    return new JobSpec(model, input, List.copyOf(columns), List.copyOf(slices), maxSliceValues,
        reference(required(c.reference(), "reference"), c.retraining()), bins, maxCategories, smoothing, thresholds,
        maxPValue, adjustment, minRows, qualityThresholds(c.quality()), volumeLevels(c.quality()),
        RetrainingConfig.resolve(c.retraining(), java.util.stream.Stream.concat(
            columns.stream().filter(m -> m.role() == Role.FEATURE).map(MonitoredColumn::name),
            embedding.columns().stream().map(ColumnSpec::name)).toList()),
        TriggerSpec.resolve(c.trigger()),
        warehouse, database,
        PerformanceConfig.resolve(c), embedding);
  }

  /** {@code features.embedding} and the {@code embedding} settings; their names unique among all columns. */
  private static EmbeddingSpec embedding(List<String> entries, DriftlineConfig.Embedding settings,
      List<MonitoredColumn> columns) {
    List<ColumnSpec> specs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    columns.forEach(m -> seen.add(m.name().toLowerCase(Locale.ROOT)));
    for (int i = 0; entries != null && i < entries.size(); i++) {
      ColumnSpec spec = ColumnSpec.parse(entries.get(i), "features.embedding[" + i + "]");
      if (!seen.add(spec.name().toLowerCase(Locale.ROOT))) {
        throw new ConfigException("column '" + spec.name() + "' is monitored twice (names must be unique)");
      }
      specs.add(spec);
    }
    if (settings == null) {
      return new EmbeddingSpec(specs, EmbeddingSpec.DEFAULT_PROJECTIONS, EmbeddingSpec.DEFAULT_RANDOM_FEATURES,
          EmbeddingSpec.DEFAULT_SAMPLE_ROWS, 0);
    }
    return new EmbeddingSpec(specs,
        within(settings.projections(), EmbeddingSpec.DEFAULT_PROJECTIONS, 1, 1024, "embedding.projections"),
        within(settings.randomFeatures(), EmbeddingSpec.DEFAULT_RANDOM_FEATURES, 1, 16384, "embedding.random_features"),
        within(settings.sampleRows(), EmbeddingSpec.DEFAULT_SAMPLE_ROWS, 10, 1_000, "embedding.sample_rows"),
        settings.seed() == null ? 0 : settings.seed());
  }

  private static int within(Integer value, int fallback, int min, int max, String key) {
    int v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw new ConfigException(key + ": must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  private static InputSpec input(DriftlineConfig.Input in) {
    String formatText = required(in.format(), "input.format").toLowerCase(Locale.ROOT);
    Format format = switch (formatText) {
      case "delta" -> Format.DELTA;
      case "parquet" -> Format.PARQUET;
      case "table" -> Format.TABLE;
      default -> throw new ConfigException("input.format: '" + in.format() + "' is not one of delta, parquet, table");
    };
    String location;
    if (format == Format.TABLE) {
      location = required(in.table(), "input.table");
      if (in.path() != null) {
        throw new ConfigException("input.path: not used with format 'table' (name the table in input.table)");
      }
    } else {
      location = required(in.path(), "input.path");
      if (in.table() != null) {
        throw new ConfigException("input.table: only used with format 'table'");
      }
    }
    if ((in.dateColumn() == null) == (in.timestampColumn() == null)) {
      throw new ConfigException("input: set exactly one of date_column and timestamp_column");
    }
    String zone = in.timeZone() == null ? "UTC" : in.timeZone();
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new ConfigException("input.time_zone: '" + zone + "' is not a time zone (e.g. UTC, Europe/Paris)");
    }
    if (in.timeZone() != null && in.timestampColumn() == null) {
      throw new ConfigException("input.time_zone: only used with timestamp_column");
    }
    return new InputSpec(format, location, in.dateColumn(), in.timestampColumn(), zone, in.modelVersionColumn());
  }

  /** The reference window, moving after a retrain when {@code retraining.reference_days_after_retrain} says so. */
  private static ReferenceWindow reference(DriftlineConfig.Reference r, DriftlineConfig.Retraining retraining) {
    ReferenceWindow window = reference(r);
    Integer days = retraining == null ? null : retraining.referenceDaysAfterRetrain();
    return days == null ? window
        : window.afterRetrains(positive(days, 0, "retraining.reference_days_after_retrain"), List.of());
  }

  private static ReferenceWindow reference(DriftlineConfig.Reference r) {
    boolean fixed = r.from() != null || r.to() != null;
    boolean rolling = r.rollingDays() != null || r.lagDays() != null;
    if (fixed == rolling) {
      throw new ConfigException("reference: set either from and to (a fixed range) or rolling_days (and lag_days)");
    }
    if (fixed) {
      LocalDate from = date(required(r.from(), "reference.from"), "reference.from");
      LocalDate to = date(required(r.to(), "reference.to"), "reference.to");
      if (to.isBefore(from)) {
        throw new ConfigException("reference.to: " + to + " is before reference.from " + from);
      }
      return new ReferenceWindow(from, to, 0, 0);
    }
    int days = positive(required(r.rollingDays(), "reference.rolling_days"), 0, "reference.rolling_days");
    int lag = r.lagDays() == null ? 1 : r.lagDays();
    if (lag < 1) {
      throw new ConfigException("reference.lag_days: must be at least 1 so the reference ends before the run date, got " + lag);
    }
    return new ReferenceWindow(null, null, days, lag);
  }

  private static Map<DriftMeasure, Levels> thresholds(Map<String, DriftlineConfig.Threshold> raw) {
    if (raw == null || raw.isEmpty()) {
      return JobSpec.DEFAULT_THRESHOLDS;
    }
    Map<DriftMeasure, Levels> out = new EnumMap<>(DriftMeasure.class);
    raw.forEach((key, t) -> {
      DriftMeasure metric;
      try {
        metric = DriftMeasure.fromKey(key);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("drift.thresholds." + key + ": " + e.getMessage());
      }
      if (out.containsKey(metric)) {
        throw new ConfigException("drift.thresholds." + key + ": " + metric.key() + " already has thresholds (its names: "
            + String.join(", ", java.util.stream.Stream.concat(java.util.stream.Stream.of(metric.key()),
                metric.aliases().stream()).toList()) + ")");
      }
      if (metric.kind() != DriftMeasure.Kind.DISTANCE) {
        throw new ConfigException("drift.thresholds." + key + ": thresholds apply to distances only ("
            + DriftMeasure.keys(DriftMeasure.Kind.DISTANCE) + ")");
      }
      out.put(metric, PerformanceConfig.levels(t, "drift.thresholds." + key, false));
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The default data-quality levels, with those the config sets in their place. */
  private static Map<Measure, Levels> qualityThresholds(DriftlineConfig.Quality quality) {
    Map<Measure, Levels> out = new EnumMap<>(QualityPolicy.DEFAULT_THRESHOLDS);
    if (quality == null || quality.thresholds() == null) {
      return java.util.Collections.unmodifiableMap(out);
    }
    quality.thresholds().forEach((key, t) -> {
      String at = "quality.thresholds." + key;
      Measure measure = java.util.Arrays.stream(Measure.values()).filter(m -> m.key().equals(key)).findFirst()
          .orElseThrow(() -> new ConfigException(at + ": unknown rate (known: " + java.util.Arrays.stream(Measure.values())
              .map(Measure::key).collect(java.util.stream.Collectors.joining(", ")) + ")"));
      out.put(measure, PerformanceConfig.levels(t, at, true));
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The factors off the reference's daily rows at which a slice's volume alerts. */
  private static Levels volumeLevels(DriftlineConfig.Quality quality) {
    if (quality == null || quality.volume() == null) {
      return VolumePolicy.DEFAULT_LEVELS;
    }
    Levels levels = PerformanceConfig.levels(quality.volume(), "quality.volume", true);
    for (Double level : new Double[] {levels.warn(), levels.critical()}) {
      if (level != null && level <= 1) {
        throw new ConfigException("quality.volume: levels are factors off the usual rows (2 = half or double) and"
            + " must be above 1, got " + level);
      }
    }
    return levels;
  }

  private static void addColumns(List<MonitoredColumn> out, List<String> entries, String key, Kind kind, Role role) {
    if (entries == null) {
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      out.add(new MonitoredColumn(ColumnSpec.parse(entries.get(i), key + "[" + i + "]"), kind, role));
    }
  }

  private static void checkUniqueNames(List<MonitoredColumn> columns, List<ColumnSpec> slices) {
    Set<String> seen = new HashSet<>();
    for (MonitoredColumn c : columns) {
      if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
        throw new ConfigException("column '" + c.name() + "' is monitored twice (names must be unique)");
      }
    }
    Set<String> sliceNames = new HashSet<>();
    for (ColumnSpec s : slices) {
      if (!sliceNames.add(s.name().toLowerCase(Locale.ROOT))) {
        throw new ConfigException("slices.columns: '" + s.name() + "' is listed twice");
      }
    }
  }

  static LocalDate date(String text, String key) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeException e) {
      throw new ConfigException(key + ": '" + text + "' is not a date (yyyy-MM-dd)");
    }
  }

  static int positive(Integer value, int fallback, String key) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw new ConfigException(key + ": must be a positive whole number, got " + value);
    }
    return value;
  }

  static <T> T required(T value, String key) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new ConfigException("missing required key '" + key + "'");
    }
    return value;
  }

  private static String path(JsonMappingException e, boolean includeLast) {
    List<String> parts = new ArrayList<>();
    for (JsonMappingException.Reference ref : e.getPath()) {
      parts.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
    }
    if (!includeLast && parts.isEmpty()) {
      return "(top level)";
    }
    return String.join(".", parts).replace(".[", "[");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
