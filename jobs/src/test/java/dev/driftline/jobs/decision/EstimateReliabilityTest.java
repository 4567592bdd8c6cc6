package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.jobs.decision.EstimateReliability.CheckedDay;
import dev.driftline.jobs.decision.EstimatedPerformance.Reliability;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EstimateReliabilityTest {

  private static final LocalDate D = LocalDate.of(2026, 10, 20);
  private static final Slice TV = new Slice("device", "smart_tv");
  private static final Slice IOS = new Slice("device", "ios");
  private static final EstimateReliability JUDGE = new EstimateReliability(0.01, PValueAdjustment.BENJAMINI_HOCHBERG);

  private static CheckedDay checked(LocalDate ds, Slice slice, double aucZ, double rateZ) {
    return new CheckedDay(ds, slice, Map.of("auc", aucZ, "accuracy", 0.1, "actual_positive_rate", rateZ));
  }

  @Test
  void aSliceWhoseLabelsKeepRefutingItsEstimateIsUnreliableAndTheOthersAreNot() {
    List<CheckedDay> checks = List.of(checked(D.minusDays(2), TV, -1.0, 4.5), checked(D.minusDays(1), TV, -0.5, 5.0),
        checked(D.minusDays(2), IOS, 0.3, -0.8), checked(D.minusDays(1), IOS, 1.1, 0.4));
    Map<Slice, Reliability> day = JUDGE.judge(Map.of(D, List.of(TV, IOS, new Slice("device", "web"))), checks).get(D);
    assertEquals(Reliability.UNRELIABLE, day.get(TV).status(), day.get(TV)::reason);
    assertTrue(day.get(TV).reason().startsWith("actual_positive_rate of the labelled rows disagrees with the estimate on"
        + " 2 checked day(s) 2026-10-18..2026-10-19 (z +4.50, +5.00;"), day.get(TV).reason());
    assertEquals(2, day.get(TV).days());
    assertEquals(Reliability.RELIABLE, day.get(IOS).status(), day.get(IOS)::reason);
    assertEquals(Reliability.UNCHECKED, day.get(new Slice("device", "web")).status());
  }

  @Test
  void onlyTheLatestThreeCheckedDaysUpToTheDayCount() {
    List<CheckedDay> checks = new ArrayList<>();
    // Refuted long ago, fine on the latest three days: reliable again.
    checks.add(checked(D.minusDays(6), TV, 0, 9));
    checks.add(checked(D.minusDays(5), TV, 0, 9));
    for (int d = 3; d >= 1; d--) {
      checks.add(checked(D.minusDays(d), TV, 0.2, -0.3));
    }
    // A later day does not count for D.
    checks.add(checked(D.plusDays(1), TV, 0, 9));
    Map<LocalDate, Map<Slice, Reliability>> out = JUDGE.judge(Map.of(D, List.of(TV), D.minusDays(4), List.of(TV)),
        checks);
    assertEquals(Reliability.RELIABLE, out.get(D).get(TV).status(), out.get(D).get(TV)::reason);
    assertEquals(3, out.get(D).get(TV).days());
    assertEquals(Reliability.UNRELIABLE, out.get(D.minusDays(4)).get(TV).status());
  }

  @Test
  void withTheCalibrationIntactFewDaysFlagAnySlice() {
    Random random = new Random(17);
    int flaggedDays = 0;
    int days = 300;
    List<Slice> slices = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      slices.add(new Slice("slice", "s" + s));
    }
    for (int day = 0; day < days; day++) {
      List<CheckedDay> checks = new ArrayList<>();
      for (Slice s : slices) {
        for (int back = 1; back <= 3; back++) {
          checks.add(new CheckedDay(D.minusDays(back), s, Map.of("auc", random.nextGaussian(), "accuracy",
              random.nextGaussian(), "actual_positive_rate", random.nextGaussian())));
        }
      }
      Map<Slice, Reliability> judged = JUDGE.judge(Map.of(D, slices), checks).get(D);
      flaggedDays += judged.values().stream().anyMatch(Reliability::unreliable) ? 1 : 0;
    }
    System.out.printf("estimate reliability under no change: %d of %d days flag any of 20 slices%n", flaggedDays, days);
    assertTrue(flaggedDays <= 0.02 * days, flaggedDays + " of " + days + " days flagged");
  }
}
