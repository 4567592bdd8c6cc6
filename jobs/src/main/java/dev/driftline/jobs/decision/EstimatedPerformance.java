package dev.driftline.jobs.decision;

import dev.driftline.udfs.math.ExpectedPerformance.Check;

/**
 * One quality metric of a slice and day estimated from the day's calibrated scores, assessed
 * against the same estimate on the reference, next to what the labels arrived so far say.
 *
 * @param assessed the estimate (all scored rows) against the reference's estimate, as the
 *     performance policy judges it; none when the estimate is unreliable
 * @param realized the metric on the labels arrived so far, NaN without labels
 * @param check the estimate on the labelled rows against their realized value; null below
 *     {@code performance.min_labels}
 * @param reliability whether the latest checked days bear the estimate out
 * @param calibration which calibration scored the slice, in words
 */
public record EstimatedPerformance(Assessed<PerformanceFinding> assessed, double realized, Check check,
    Reliability reliability, String calibration) {

  /**
   * What the latest checked days of a slice say of its estimates.
   *
   * @param status {@link #RELIABLE}, {@link #UNRELIABLE} or {@link #UNCHECKED}
   * @param pValue adjusted p-value of the disagreement (NaN when unchecked)
   * @param days checked days behind it
   */
  public record Reliability(String status, double pValue, int days, String reason) {

    public static final String RELIABLE = "reliable";
    public static final String UNRELIABLE = "unreliable";
    public static final String UNCHECKED = "unchecked";

    public boolean unreliable() {
      return UNRELIABLE.equals(status);
    }
  }

  public EstimatedPerformance with(Reliability r) {
    Assessed<PerformanceFinding> a = !r.unreliable() ? assessed
        : new Assessed<>(assessed.finding(), Assessment.none("estimate unreliable, not judged: " + r.reason()));
    return new EstimatedPerformance(a, realized, check, r, calibration);
  }
}
