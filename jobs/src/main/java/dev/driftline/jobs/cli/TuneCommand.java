package dev.driftline.jobs.cli;

import dev.driftline.jobs.JobFailure;
import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.decision.DriftPolicy;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.jobs.decision.ThresholdTuning;
import dev.driftline.jobs.decision.ThresholdTuning.ColumnMeasure;
import dev.driftline.jobs.decision.ThresholdTuning.ColumnTotal;
import dev.driftline.jobs.decision.ThresholdTuning.Result;
import dev.driftline.jobs.decision.ThresholdTuning.Suggestion;
import dev.driftline.jobs.drift.DriftComparisons;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.profile.Profile;
import dev.driftline.jobs.profile.ReferenceBuilder;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.udfs.math.DriftMeasure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Tune the drift thresholds by backtest: replay each day of the reference window against the "
        + "window without it (days assumed free of real drift), print how often the configured thresholds would "
        + "alert and the warn level that would alert at the target rate, optionally write the suggested "
        + "drift.thresholds as YAML. Reads the prediction log only; writes nothing to the warehouse.")
public final class TuneCommand implements Callable<Integer> {

  private static final Logger LOG = LogManager.getLogger(TuneCommand.class);
  /** Leaving one day out of fewer days leaves a reference too thin to say what a normal day is. */
  static final int MIN_WINDOW_DAYS = 3;

  @Mixin
  ConfigOption config;

  @Option(names = "--target-rate", defaultValue = "0.01", paramLabel = "RATE",
      description = "the share of replayed comparisons allowed to alert, in (0, 1) (default: ${DEFAULT-VALUE})")
  String targetRate;

  @Option(names = "--write", paramLabel = "FILE",
      description = "write the suggested drift.thresholds to FILE (YAML to paste under drift:)")
  Path write;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "rolling reference only: replay the window a run on this day uses (default: the day after the log's last day)")
  String date;

  @Override
  public Integer call() {
    double rate = targetRate(targetRate);
    if (write != null) {
      checkWritable(write);
    }
    JobSpec spec = config.load();
    JobSpec.ReferenceWindow reference = spec.reference();
    LocalDate runDate = date == null ? null : ConfigOption.date(date, "--date");
    if (runDate != null && !reference.isRolling()) {
      throw new ConfigException("--date: only used with a rolling reference; the fixed reference "
          + reference.from() + ".." + reference.to() + " is replayed as it is");
    }
    long windowDays = reference.isRolling() ? reference.rollingDays() : new DateRange(reference.from(), reference.to()).days();
    if (windowDays < MIN_WINDOW_DAYS) {
      throw new ConfigException("reference: the window has " + windowDays + " day(s); tune needs at least "
          + MIN_WINDOW_DAYS + " to leave one out at a time");
    }
    PredictionLog log = PredictionLog.open(Sessions.create("driftline tune"), spec);
    DateRange window = window(reference, log, runDate);

    DriftPolicy policy = DriftPolicy.of(spec);
    ThresholdTuning tuning = new ThresholdTuning(policy, rate);
    List<LocalDate> empty = new ArrayList<>();
    for (LocalDate day = window.start(); !day.isAfter(window.end()); day = day.plusDays(1)) {
      ReferenceProfile without = ReferenceBuilder.buildWithout(spec, log, window, day);
      Profile profile = Profile.scan(log, new DateRange(day, day), without.layout(), spec.profiledColumns());
      if (profile.rows() == 0 || without.profile().rows() == 0) {
        empty.add(day);
        continue;
      }
      LOG.info("tune: replayed {} ({} rows) against {} without it ({} rows)", day, profile.rows(), window,
          without.profile().rows());
      tuning.addDay(new DriftComparisons(spec, without, policy).compare(day, profile, null));
    }
    Result result = tuning.result();
    if (result.days() == 0) {
      throw new JobFailure("no rows in the reference window " + window + " of " + log.describe());
    }
    print(System.out, spec, window, empty, result);
    if (write != null) {
      try {
        Files.writeString(write, result.yaml());
      } catch (IOException e) {
        throw new ConfigException("--write: cannot write " + write + ": " + e.getMessage());
      }
      System.out.println("Wrote the suggested drift.thresholds to " + write + " (paste it under drift:).");
    }
    return 0;
  }

  private static double targetRate(String text) {
    double rate;
    try {
      rate = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new ConfigException("--target-rate: '" + text + "' is not a number");
    }
    if (!(rate > 0 && rate < 1)) {
      throw new ConfigException("--target-rate: must be in (0, 1), got " + text);
    }
    return rate;
  }

  /** The window replayed: the fixed one, or the rolling one of the given run date (default: after the log's last day). */
  private static DateRange window(JobSpec.ReferenceWindow reference, PredictionLog log, LocalDate runDate) {
    if (!reference.isRolling()) {
      return new DateRange(reference.from(), reference.to());
    }
    if (runDate == null) {
      LocalDate last = log.lastDay();
      if (last == null) {
        throw new JobFailure("no rows in " + log.describe() + ": nothing to replay");
      }
      runDate = last.plusDays(1);
    }
    return reference.forRunDate(runDate);
  }

  /** Fails before any work when FILE cannot be written: a missing or read-only folder, a folder as FILE. */
  private static void checkWritable(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    String problem = Files.isDirectory(file) ? "it is a directory"
        : parent == null || !Files.isDirectory(parent) ? "its folder " + parent + " does not exist"
        : Files.exists(file) ? (Files.isWritable(file) ? null : "it is not writable")
        : Files.isWritable(parent) ? null : "its folder " + parent + " is not writable";
    if (problem != null) {
      throw new ConfigException("--write: cannot write " + file + ": " + problem);
    }
  }

  static void print(PrintStream out, JobSpec spec, DateRange window, List<LocalDate> empty, Result r) {
    String q = ThresholdTuning.quantileName(r.targetRate());
    out.printf(Locale.ROOT, "tune %s: %d day(s) of the reference window %s replayed, each against the window"
        + " without it; a replayed day is assumed to carry no real drift.%n", spec.model(), r.days(), window);
    if (!empty.isEmpty()) {
      out.println("Skipped (no rows): " + empty);
    }
    out.printf(Locale.ROOT, "%d BASELINE comparisons (every slice and column), %d with drift.min_rows=%d rows on"
        + " both sides: the rates and quantiles below count those.%n", r.comparisons(), r.tested(), spec.minRows());
    out.printf(Locale.ROOT, "rate: share alerting (warn or critical, drift.max_p_value=%s on the %s chi-square"
        + " p-value) at the configured levels of that measure alone; %s: the measure's %s quantile; suggest: the"
        + " lowest warn for a target rate of %s (%s rounded up).%n%n", ThresholdTuning.plain(spec.maxPValue()),
        spec.pValueAdjustment() == JobSpec.PValueAdjustment.NONE ? "unadjusted" : "Benjamini-Hochberg adjusted",
        q, q.substring(1), ThresholdTuning.plain(r.targetRate()), q);
    out.printf(Locale.ROOT, "%-24s  %-22s  %-12s  %7s  %6s  %7s  %9s  %9s  %8s%n",
        "column", "measure", "configured", "tested", "alerts", "rate", q, "max", "suggest");
    boolean several = spec.thresholds().size() > 1;
    for (ColumnTotal total : r.totals()) {
      for (ColumnMeasure c : r.columns()) {
        if (c.column().equals(total.column())) {
          out.printf(Locale.ROOT, "%-24s  %-22s  %-12s  %7d  %6s  %7s  %9.4g  %9.4g  %8s%n", c.column(),
              c.measure().key(), levels(c.configured()), c.tested(), c.configured() == null ? "-" : c.alerts(),
              rate(c.rate()), c.quantile(), c.max(), ThresholdTuning.plain(c.suggestedWarn()));
        }
      }
      if (several) {
        out.printf(Locale.ROOT, "%-24s  %-22s  %-12s  %7d  %6d  %7s%n", total.column(), "(any measure)", "",
            total.tested(), total.alerts(), rate(total.rate()));
      }
    }
    out.printf(Locale.ROOT, "%nSuggested drift.thresholds. Thresholds are per measure, not per column: warn is the"
        + " largest of the columns' suggestions; critical is the larger of the configured critical and the largest"
        + " value replayed (rounded up), so no replayed day would have been critical.%n");
    out.printf(Locale.ROOT, "%-22s  %-12s  %-16s  %-24s  %s%n", "measure", "configured", "suggested", "warn from column",
        "alerts at suggested");
    for (Suggestion s : r.suggestions()) {
      out.printf(Locale.ROOT, "%-22s  %-12s  %-16s  %-24s  %s%n", s.measure().key(), levels(s.configured()),
          s.replayed() ? levels(s.suggested()) : "(kept)", s.replayed() ? s.warnColumn() : "no replayed values",
          count(s.alerts(), r.tested()));
    }
    out.printf(Locale.ROOT, "Every configured measure together: %s alerts at the configured thresholds, %s at the"
        + " suggested ones.%n", count(r.alertsAtConfigured(), r.tested()), count(r.alertsAtSuggested(), r.tested()));
    if (!spec.thresholds().containsKey(DriftMeasure.PSI)) {
      out.println("PSI has no configured thresholds: its rows are shown for reference and it is not suggested.");
    }
  }

  private static String levels(Levels l) {
    return l == null ? "-" : (l.warn() == null ? "-" : ThresholdTuning.plain(l.warn())) + "/"
        + (l.critical() == null ? "-" : ThresholdTuning.plain(l.critical()));
  }

  private static String rate(double rate) {
    return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.4f", rate);
  }

  private static String count(int alerts, int tested) {
    return alerts + "/" + tested + " (" + rate(tested == 0 ? Double.NaN : (double) alerts / tested) + ")";
  }
}
