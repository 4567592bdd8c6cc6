package dev.driftline.jobs.decision;

import dev.driftline.udfs.math.DriftAttribution.Share;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * A day's alerts with one cause, as a person acts on them: a column (or metric) and the narrowest
 * slice that explains it, tracked across days under a stable id.
 *
 * @param subject the column, or the metric for performance and latency
 * @param affectedSlices every slice ({@code key=value}) whose alert the incident stands for
 * @param attribution the share of the global change each slice explains, largest first, and
 *     {@code mix} for a change of slice mix (drift only)
 * @param topBins the bins that moved most in the incident's slice, as {@code label: ref -> cur}
 * @param evidence the rows behind it, as {@code table/comparison/slice/column} keys
 */
public record Incident(String id, Status status, Kind kind, String subject, Slice slice, Severity severity,
    LocalDate firstDs, LocalDate lastDs, List<String> affectedSlices, int alertCount, List<Share> attribution,
    List<String> topBins, String summary, List<String> evidence) {

  /** Where an incident is in its life: new today, still alerting, or quiet again today. */
  public enum Status {
    OPENED, ONGOING, RESOLVED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What kind of evidence an incident rests on. */
  public enum Kind {
    FEATURE_DRIFT, PREDICTION_DRIFT, DATA_QUALITY, PERFORMANCE, LATENCY;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The same cause on another day: kind and subject, whichever slice explains it that day. */
  public String cause() {
    return kind.key() + "/" + subject;
  }

  public boolean open() {
    return status != Status.RESOLVED;
  }
}
