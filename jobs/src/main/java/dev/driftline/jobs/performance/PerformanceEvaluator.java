package dev.driftline.jobs.performance;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.PerformanceSpec;
import dev.driftline.jobs.config.PerformanceSpec.LatencyQuantile;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.EstimatedPerformance;
import dev.driftline.jobs.decision.LatencyFinding;
import dev.driftline.jobs.decision.LatencyPolicy;
import dev.driftline.jobs.decision.PerformanceFinding;
import dev.driftline.jobs.decision.PerformancePolicy;
import dev.driftline.jobs.decision.SliceDayPerformance;
import dev.driftline.jobs.decision.SliceDayPerformance.Cost;
import dev.driftline.jobs.decision.SliceDayPerformance.Latency;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.udfs.math.BinaryMetrics;
import dev.driftline.udfs.math.ExpectedPerformance;
import dev.driftline.udfs.math.LabelledSample;
import dev.driftline.udfs.math.LatencySketch;
import dev.driftline.udfs.math.MetricFamily;
import dev.driftline.udfs.math.PerformanceAccumulator;
import dev.driftline.udfs.math.PerformanceAccumulator.GroupState;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceEstimator;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Turns a filled {@link PerformanceAccumulator} into a {@link SliceDayPerformance} per day and
 * slice: each quality metric with its interval against the reference's (the day's tests across
 * slices adjusted together), then latency quantiles and cost, each assessed by its policy; and
 * for probabilities, the quality expected from the day's calibrated scores, against the same
 * expectation on the reference (a family of tests of its own).
 */
final class PerformanceEvaluator {

  /**
   * A slice calibrates on its own reference labels when it has at least these, else on the whole
   * reference's: isotonic regression on fewer rows follows their noise.
   */
  static final int SLICE_CALIBRATION_LABELS = 1_000;

  private final PerformanceSpec performance;
  private final ReferenceProfile reference;
  private final PerformanceAccumulator acc;
  private final int referenceDay;
  private final PerformanceEstimator estimator;
  private final List<Slice> slices;
  private final Map<Integer, List<PerformanceEstimate>> referenceEstimates = new ConcurrentHashMap<>();
  private final ExpectedPerformance expected;
  /** Per slice group, filled on first use: its calibration and the reference's estimates (null without). */
  private Calibration[] calibrations;
  private List<List<PerformanceEstimate>> referenceExpected;

  private record Calibration(ExpectedPerformance.Calibrated map, String description) {}

  private final List<String> names;
  private final PerformancePolicy performancePolicy;
  private final LatencyPolicy latencyPolicy;

  PerformanceEvaluator(JobSpec spec, ReferenceProfile reference, PerformanceAccumulator acc, int referenceDay,
      MetricFamily family) {
    this.performance = spec.performance();
    this.reference = reference;
    this.acc = acc;
    this.referenceDay = referenceDay;
    this.estimator = family == null ? null : new PerformanceEstimator(family, performance.replicates(),
        performance.seed(), performance.minLabels());
    this.names = family == null ? List.of() : family.names();
    this.slices = acc.layout().slices();
    this.performancePolicy = PerformancePolicy.of(spec);
    this.latencyPolicy = performance.latency() == null ? null : new LatencyPolicy(performance.latency());
    this.expected = performance.estimation() != null && family instanceof BinaryMetrics binary
        ? new ExpectedPerformance(binary, performance.replicates(), performance.seed(), performance.minLabels())
        : null;
  }

  /**
   * Puts the reference's samples in canonical order, takes their estimates and fits the
   * calibrations: what every day reads, so that days may then be evaluated in parallel without
   * waiting on one another for the reference.
   */
  void prepare() {
    for (int g = 0; g < slices.size(); g++) {
      acc.group(referenceDay, g).sample().canonical();
    }
    if (estimator != null) {
      IntStream.range(0, slices.size()).parallel().forEach(g -> referenceEstimates.put(g,
          estimator.estimate(acc.group(referenceDay, g).sample())));
    }
    prepareEstimates();
  }

  /**
   * Every slice with predictions on day {@code ds} (index {@code day} of the accumulator). The
   * day's quality findings of every slice are adjusted together before any is assessed.
   */
  List<SliceDayPerformance> day(LocalDate ds, int day, LocalDate labelsAsOf, String labelFingerprint,
      String referenceFingerprint) {
    List<Integer> groups = new ArrayList<>();
    List<PerformanceFinding> findings = new ArrayList<>();
    for (int g = 0; g < slices.size(); g++) {
      if (acc.group(day, g).scored() > 0) {
        groups.add(g);
        findings.addAll(findings(g, acc.group(day, g)));
      }
    }
    // The slices' estimates are independent and the costliest part: computed in parallel, kept in order.
    // (The realized findings above have put every sample in canonical order, so none is sorted here.)
    // A day of the reference window is the calibration's own data: nothing to estimate there.
    boolean estimating = expected != null && !reference.window().contains(ds);
    prepareEstimates();
    List<PerformanceFinding> expectedFindings = !estimating ? List.of() : groups.parallelStream()
        .map(g -> expectedFindings(g, acc.group(day, g))).flatMap(List::stream).toList();
    List<List<ExpectedPerformance.Check>> checks = !estimating ? List.of() : groups.parallelStream()
        .map(g -> check(g, acc.group(day, g))).toList();
    List<PerformanceFinding> adjusted = performancePolicy.adjusted(findings);
    List<PerformanceFinding> adjustedExpected = performancePolicy.adjusted(expectedFindings);
    List<SliceDayPerformance> out = new ArrayList<>();
    int next = 0;
    int nextExpected = 0;
    for (int at = 0; at < groups.size(); at++) {
      int g = groups.get(at);
      GroupState state = acc.group(day, g);
      List<Assessed<PerformanceFinding>> quality = new ArrayList<>();
      for (int m = 0; m < (estimator == null ? 0 : names.size()); m++) {
        quality.add(performancePolicy.apply(adjusted.get(next++)));
      }
      List<EstimatedPerformance> estimated = new ArrayList<>();
      Calibration calibration = calibration(g);
      if (estimating && calibration != null) {
        List<ExpectedPerformance.Check> groupChecks = checks.get(at);
        for (int m = 0; m < ExpectedPerformance.METRICS.size(); m++) {
          PerformanceFinding f = adjustedExpected.get(nextExpected++);
          double realized = quality.stream().filter(q -> q.finding().name().equals(f.name())).findFirst()
              .map(q -> q.finding().day().value()).orElse(Double.NaN);
          estimated.add(new EstimatedPerformance(performancePolicy.apply(f), realized,
              groupChecks == null ? null : groupChecks.get(m), null, calibration.description()));
        }
      }
      List<Latency> latency = new ArrayList<>();
      if (performance.latency() != null && state.latency().count() > 0) {
        for (LatencyQuantile q : LatencyQuantile.values()) {
          latency.add(latency(q, state.latency()));
        }
      }
      Cost cost = null;
      if (performance.latency() != null && performance.latency().costPer1000() != null) {
        double per1000 = performance.latency().costPer1000();
        cost = new Cost(state.scored() / 1000.0 * per1000, per1000);
      }
      out.add(new SliceDayPerformance(ds, slices.get(g), reference.referenceId(), reference.window(), state.scored(),
          state.sample().size(), state.invalid(), state.duplicateLabels(), labelsAsOf,
          ds.plusDays(performance.labels() == null ? 0 : performance.labels().windowDays()), performance.replicates(),
          labelFingerprint, referenceFingerprint, List.copyOf(quality), List.copyOf(latency), cost,
          List.copyOf(estimated)));
    }
    return out;
  }

  /** Slice {@code g}'s quality metrics against the reference's, not yet adjusted or assessed. */
  private List<PerformanceFinding> findings(int g, GroupState state) {
    if (estimator == null) {
      return List.of();
    }
    // Taken by prepare(); computed here only for an evaluator that was not prepared.
    List<PerformanceEstimate> refs = referenceEstimates.computeIfAbsent(g,
        group -> estimator.estimate(acc.group(referenceDay, group).sample()));
    List<PerformanceEstimate> estimates = estimator.estimate(state.sample());
    List<PerformanceFinding> out = new ArrayList<>(estimates.size());
    for (int m = 0; m < estimates.size(); m++) {
      out.add(PerformanceFinding.of(names.get(m), estimates.get(m), refs.get(m)));
    }
    return out;
  }

  /** Slice {@code g}'s expected quality against the reference's, none without a calibration. */
  private List<PerformanceFinding> expectedFindings(int g, GroupState state) {
    Calibration calibration = calibration(g);
    if (calibration == null) {
      return List.of();
    }
    List<PerformanceEstimate> refs = referenceExpected.get(g);
    List<PerformanceEstimate> estimates = expected.estimate(state.scores(), calibration.map());
    List<PerformanceFinding> out = new ArrayList<>(estimates.size());
    for (int m = 0; m < estimates.size(); m++) {
      out.add(PerformanceFinding.of(estimates.get(m).metric().key(), estimates.get(m), refs.get(m)));
    }
    return out;
  }

  /**
   * The check of slice {@code g}'s estimate on its labelled rows, null unless the day's labels reach
   * the check coverage ({@link dev.driftline.jobs.decision.EstimateReliability} reads only those).
   */
  private List<ExpectedPerformance.Check> check(int g, GroupState state) {
    Calibration calibration = calibration(g);
    boolean checked = calibration != null && state.sample().size() >= performance.minLabels()
        && state.sample().size() >= performance.estimation().checkCoverage() * state.scored();
    return checked ? expected.check(state.sample(), calibration.map()) : null;
  }

  /** Slice {@code g}'s calibration; null without estimation or enough reference labels. */
  private Calibration calibration(int g) {
    if (expected == null) {
      return null;
    }
    prepareEstimates();
    return calibrations[g];
  }

  /**
   * Each slice's calibration, its own reference's when it has enough labels, else the whole
   * reference's (fitted once), and the reference's estimates under it: each slice in parallel,
   * after the whole reference, whose sample the others may share.
   */
  private synchronized void prepareEstimates() {
    if (expected == null || calibrations != null) {
      return;
    }
    Calibration[] fitted = new Calibration[slices.size()];
    LabelledSample whole = acc.group(referenceDay, 0).sample();
    fitted[0] = whole.size() < performance.minLabels() ? null : new Calibration(expected.calibrate(whole),
        String.format(Locale.ROOT, "isotonic on %d reference labels", whole.size()));
    IntStream.range(1, slices.size()).parallel().forEach(g -> {
      LabelledSample own = acc.group(referenceDay, g).sample();
      String name = slices.get(g).key() + "=" + slices.get(g).value();
      if (own.size() >= SLICE_CALIBRATION_LABELS) {
        fitted[g] = new Calibration(expected.calibrate(own), String.format(Locale.ROOT,
            "isotonic on %d reference labels of %s", own.size(), name));
      } else if (fitted[0] != null) {
        fitted[g] = new Calibration(fitted[0].map(), String.format(Locale.ROOT,
            "isotonic on the whole reference's %d labels (%s has %d < %d)", whole.size(), name, own.size(),
            SLICE_CALIBRATION_LABELS));
      }
    });
    referenceExpected = IntStream.range(0, slices.size()).parallel().mapToObj(g -> fitted[g] == null ? null
        : expected.estimate(acc.group(referenceDay, g).sample(), fitted[g].map())).toList();
    calibrations = fitted;
  }

  private Latency latency(LatencyQuantile q, LatencySketch sketch) {
    double value = q == LatencyQuantile.MAX ? sketch.max() : sketch.quantile(q.q);
    boolean exact = sketch.isExact() || q == LatencyQuantile.MAX;
    return new Latency(latencyPolicy.apply(new LatencyFinding(q, value)), sketch.count(), exact);
  }
}
