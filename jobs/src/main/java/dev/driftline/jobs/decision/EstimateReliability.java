package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.jobs.decision.EstimatedPerformance.Reliability;
import dev.driftline.udfs.math.ExpectedPerformance;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a slice's estimates can be trusted on a day: its latest {@link #DAYS} checked days (days
 * up to it with enough labels) compare each checked metric's realized value with its estimate on
 * the same rows. Under the estimate's assumption (the score-outcome relation did not change) their
 * z-scores are standard normal; the sum of their squares per metric gives a chi-square p-value,
 * the smallest over the metrics is Bonferroni-corrected, and the day's slices are adjusted
 * together like every other test. A slice is unreliable when that adjusted p-value is at most
 * {@code drift.max_p_value}: a concept drift the scores cannot show.
 */
public final class EstimateReliability {

  /** Checked days a judgement looks back over: enough to confirm, few enough to react within days. */
  public static final int DAYS = 3;
  /** Metrics whose realized and expected values are compared (others follow from the same counts). */
  public static final List<String> CHECKED = List.of("auc", "accuracy", "actual_positive_rate");

  private final double maxPValue;
  private final PValueAdjustment adjustment;

  public EstimateReliability(double maxPValue, PValueAdjustment adjustment) {
    this.maxPValue = maxPValue;
    this.adjustment = adjustment;
  }

  /** A slice and day whose labels reached the check coverage: z-score per checked metric (NaN when none). */
  public record CheckedDay(LocalDate ds, Slice slice, Map<String, Double> z) {}

  /** For each day of {@code days}, the reliability of each slice of {@code slices.get(day)}. */
  public Map<LocalDate, Map<Slice, Reliability>> judge(Map<LocalDate, List<Slice>> slices,
      Collection<CheckedDay> checked) {
    Map<Slice, List<CheckedDay>> bySlice = new HashMap<>();
    checked.forEach(c -> bySlice.computeIfAbsent(c.slice(), s -> new ArrayList<>()).add(c));
    bySlice.values().forEach(l -> l.sort(Comparator.comparing(CheckedDay::ds)));
    Map<LocalDate, Map<Slice, Reliability>> out = new TreeMap<>();
    slices.forEach((day, daySlices) -> out.put(day, judgeDay(day, daySlices, bySlice)));
    return out;
  }

  private Map<Slice, Reliability> judgeDay(LocalDate day, List<Slice> slices, Map<Slice, List<CheckedDay>> bySlice) {
    record Tested(Slice slice, List<CheckedDay> days, String metric, double[] z, double p) {}
    List<Tested> tests = new ArrayList<>();
    for (Slice slice : slices) {
      List<CheckedDay> upTo = bySlice.getOrDefault(slice, List.of()).stream().filter(c -> !c.ds().isAfter(day))
          .toList();
      List<CheckedDay> latest = upTo.subList(Math.max(0, upTo.size() - DAYS), upTo.size());
      Tested worst = new Tested(slice, latest, null, new double[0], Double.NaN);
      int metrics = 0;
      for (String metric : CHECKED) {
        double[] z = latest.stream().mapToDouble(c -> c.z().getOrDefault(metric, Double.NaN))
            .filter(v -> !Double.isNaN(v)).toArray();
        if (z.length > 0) {
          metrics++;
          double p = ExpectedPerformance.agreementPValue(z);
          if (worst.metric() == null || p < worst.p()) {
            worst = new Tested(slice, latest, metric, z, p);
          }
        }
      }
      tests.add(worst.metric() == null ? worst
          : new Tested(slice, latest, worst.metric(), worst.z(), Math.min(1, worst.p() * metrics)));
    }
    List<Double> adjusted = TestFamily.adjusted(tests.stream().map(Tested::p).toList(), p -> p, (p, a) -> a,
        adjustment);
    Map<Slice, Reliability> out = new HashMap<>();
    for (int i = 0; i < tests.size(); i++) {
      Tested t = tests.get(i);
      double p = adjusted.get(i);
      if (t.metric() == null) {
        out.put(t.slice(), new Reliability(Reliability.UNCHECKED, Double.NaN, 0,
            "no day up to " + day + " with enough labels to check the estimate yet"));
        continue;
      }
      String zs = String.join(", ", java.util.Arrays.stream(t.z())
          .mapToObj(z -> String.format(Locale.ROOT, "%+.2f", z)).toList());
      String span = t.days().get(0).ds() + ".." + t.days().get(t.days().size() - 1).ds();
      boolean unreliable = p <= maxPValue;
      out.put(t.slice(), new Reliability(unreliable ? Reliability.UNRELIABLE : Reliability.RELIABLE, p,
          t.days().size(), String.format(Locale.ROOT,
              "%s of the labelled rows %s the estimate on %d checked day(s) %s (z %s; p adjusted %s %s max_p_value"
                  + " %s)%s", t.metric(), unreliable ? "disagrees with" : "agrees with", t.days().size(), span, zs,
              QualityPolicy.num(p), unreliable ? "<=" : ">", QualityPolicy.num(maxPValue),
              unreliable ? ": the score-outcome relation changed (concept drift)" : "")));
    }
    return out;
  }
}
