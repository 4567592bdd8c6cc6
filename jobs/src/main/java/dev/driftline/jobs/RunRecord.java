package dev.driftline.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * What the {@code runs} table records of one run and day: its outcome, lineage and timings.
 *
 * @param error one line for a failed run, or why a day was skipped; null otherwise
 * @param inputs version of each input read, by input name
 * @param outputs Delta version of each table written, by table name
 * @param findings data-quality findings of the day by name, or null when none were checked
 */
public record RunRecord(String command, LocalDate ds, String runId, String status, String error, String referenceId,
    Map<String, String> inputs, Map<String, Long> outputs, long rowsRead, long rowsWritten,
    Map<String, Long> stepMillis, Instant startedAt, Instant finishedAt, Map<String, Long> findings) {}
