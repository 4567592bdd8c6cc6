package dev.driftline.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.EmbeddingFinding;
import dev.driftline.jobs.decision.EmbeddingPolicy;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.jobs.decision.TestFamily;
import dev.driftline.jobs.profile.EmbeddingReference;
import dev.driftline.udfs.math.DriftMetrics;
import dev.driftline.udfs.math.EmbeddingLayout;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Embedding drift decided as the job decides it (sketches, the projections' chi-square test,
 * Benjamini-Hochberg over the day's slices, the PSI levels 0.1 and 0.25 at p <= 0.01, min 200
 * rows), on generated days with known changes. A 32-dimension embedding of six topics (centres
 * N(0, 1) per coordinate, noise sd 0.5, topic shares 8/22/20/20/15/15%), 2,000 rows a day in four
 * equal slices; a 14-day reference. On shift days the first topic goes from 8% to 35% of rows,
 * the others shrinking in proportion, as in the demo's campaign.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingDetectionSimulationTest {

  private static final int DIM = 32;
  private static final int ROWS_PER_DAY = 2_000;
  private static final int REFERENCE_DAYS = 14;
  private static final int NULL_DAYS = 100;
  private static final int SHIFT_DAYS = 30;
  private static final int SAMPLE_ROWS = 100;
  private static final long SEED = 3;
  private static final double[] USUAL = {0.08, 0.22, 0.20, 0.20, 0.15, 0.15};
  private static final double[] CAMPAIGN = campaign(USUAL, 0.35);
  private static final ProfileLayout SLICES = new ProfileLayout(List.of(), List.of(), List.of("country"),
      List.of(List.of("A", "B", "C", "D")));
  private static final EmbeddingPolicy POLICY = new EmbeddingPolicy(new Levels(0.1, 0.25), 0.01, 200);

  private final Random random = new Random(20261203);
  private final double[][] centres = new double[USUAL.length][DIM];
  private EmbeddingReference reference;

  @BeforeAll
  void sketchTheReference() {
    for (double[] c : centres) {
      for (int d = 0; d < DIM; d++) {
        c[d] = random.nextGaussian();
      }
    }
    double[][] sample = new double[1_000][];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = row(USUAL);
    }
    EmbeddingLayout layout = EmbeddingLayout.of(sample, EmbeddingLayout.DEFAULT_PROJECTIONS, 10,
        EmbeddingLayout.DEFAULT_FEATURES, SEED);
    reference = new EmbeddingReference(List.of("embedding"), List.of(layout),
        day(List.of(layout), USUAL, REFERENCE_DAYS * ROWS_PER_DAY), SLICES);
  }

  @Test
  void noChangeRaisesNoAlertAndTheSampleTestsHoldTheirLevel() {
    int alerts = 0;
    int mmdRejections = 0;
    double aucSum = 0;
    int findings = 0;
    for (int day = 0; day < NULL_DAYS; day++) {
      for (Assessed<EmbeddingFinding> a : decide(USUAL, day)) {
        alerts += a.assessment().severity().alerts() ? 1 : 0;
        mmdRejections += a.finding().sampled().mmd2PValue() <= 0.05 ? 1 : 0;
        aucSum += a.finding().sampled().classifierAuc();
        findings++;
      }
    }
    assertEquals(NULL_DAYS * 5, findings, "the whole day and four slices a day");
    assertEquals(0, alerts, "alerts over " + findings + " slice-days without a change");
    // The permutation p-value is uniform without a change: 5% of slice-days reject at 0.05.
    double rate = (double) mmdRejections / findings;
    assertTrue(rate >= 0.02 && rate <= 0.09, "MMD^2 permutation rejections at 0.05: " + rate);
    // Cross-validated AUC centres near 0.5 without a change (a little under: each fold's model fits noise).
    assertEquals(0.5, aucSum / findings, 0.03, "mean sampled classifier AUC");
  }

  @Test
  void theCampaignIsCaughtOnItsFirstDayInTheWholeDayAndInMostSlices() {
    int caughtGlobally = 0;
    int caughtSlices = 0;
    int mmdCaught = 0;
    double aucSum = 0;
    for (int day = 0; day < SHIFT_DAYS; day++) {
      for (Assessed<EmbeddingFinding> a : decide(CAMPAIGN, NULL_DAYS + day)) {
        boolean alerted = a.assessment().severity().alerts();
        if (a.finding().slice().equals(ProfileLayout.GLOBAL_SLICE)) {
          caughtGlobally += alerted ? 1 : 0;
          mmdCaught += a.finding().sampled().mmd2PValue() <= 0.05 ? 1 : 0;
          aucSum += a.finding().sampled().classifierAuc();
        } else {
          caughtSlices += alerted ? 1 : 0;
        }
      }
    }
    assertEquals(SHIFT_DAYS, caughtGlobally, "shift days alerting in the whole day");
    assertTrue(caughtSlices >= 0.8 * SHIFT_DAYS * 4, caughtSlices + " of " + SHIFT_DAYS * 4 + " slice-days alert");
    assertTrue(mmdCaught >= 0.8 * SHIFT_DAYS, mmdCaught + " of " + SHIFT_DAYS + " days: MMD^2 permutation p <= 0.05");
    // 100 sampled rows a side: the classifier sees the shift, though less sharply than the sketches.
    assertTrue(aucSum / SHIFT_DAYS > 0.58, "mean sampled classifier AUC " + aucSum / SHIFT_DAYS);
  }

  private List<Assessed<EmbeddingFinding>> decide(double[] shares, int day) {
    EmbeddingProfile sketches = day(reference.layouts(), shares, ROWS_PER_DAY);
    List<EmbeddingFinding> findings = EmbeddingComparisons.compare(reference, sketches, POLICY.warnLevel(),
        DriftMetrics.DEFAULT_SMOOTHING, SEED + day);
    return TestFamily.adjusted(findings, EmbeddingFinding::pValue, EmbeddingFinding::withPAdjusted,
        PValueAdjustment.BENJAMINI_HOCHBERG).stream().map(POLICY::apply).toList();
  }

  /** Rows drawn with the given topic shares, one slice in four each, sketched. */
  private EmbeddingProfile day(List<EmbeddingLayout> layouts, double[] shares, int rows) {
    EmbeddingProfile profile = new EmbeddingProfile(SLICES, layouts, SAMPLE_ROWS, SEED);
    int first = SLICES.firstGroupOf(0);
    for (int i = 0; i < rows; i++) {
      profile.add(0, new int[] {0, first + i % 4}, row(shares));
    }
    return profile;
  }

  private double[] row(double[] shares) {
    double u = random.nextDouble();
    int topic = 0;
    double running = shares[0];
    while (u >= running && topic < shares.length - 1) {
      running += shares[++topic];
    }
    double[] row = centres[topic].clone();
    for (int d = 0; d < DIM; d++) {
      row[d] += 0.5 * random.nextGaussian();
    }
    return row;
  }

  /** The first topic at {@code share}, the others scaled to fill the rest. */
  private static double[] campaign(double[] usual, double share) {
    double[] out = Arrays.copyOf(usual, usual.length);
    double scale = (1 - share) / (1 - usual[0]);
    for (int i = 1; i < out.length; i++) {
      out[i] *= scale;
    }
    out[0] = share;
    return out;
  }
}
