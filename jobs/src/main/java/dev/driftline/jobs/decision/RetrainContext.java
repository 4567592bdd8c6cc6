package dev.driftline.jobs.decision;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * What the retraining policy sees of one day, read from the stored tables.
 *
 * @param ds the day decided
 * @param incidents each day's incident rows up to {@code ds} (at least the persistence windows;
 *     a day without incidents may be absent or map to an empty list)
 * @param sliceLabels labelled predictions behind each slice ({@code key=value}, {@code __all__=__all__}
 *     for the whole day) of the day's performance incidents: the most any of their evidence days had
 * @param monitoredColumns the features' and the prediction's names
 * @param labelledRowsSinceLastRetrain labelled predictions of the days after the last retrain (or
 *     after the reference window when none is recorded)
 * @param lastRetrain the last recorded retrain, null when none
 * @param lastTrigger the last day whose trigger was sent, null when none
 */
public record RetrainContext(LocalDate ds, NavigableMap<LocalDate, List<Incident>> incidents,
    Map<String, Long> sliceLabels, Set<String> monitoredColumns, long labelledRowsSinceLastRetrain,
    LocalDate lastRetrain, LocalDate lastTrigger) {}
