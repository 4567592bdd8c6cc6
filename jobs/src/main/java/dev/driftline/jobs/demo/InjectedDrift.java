package dev.driftline.jobs.demo;

import java.time.LocalDate;

/**
 * A change the demo log carries from {@code firstDay}, on {@code column} within one slice
 * ({@code "__all__"} / {@code "__all__"} for the global slice): the ground truth the demo's
 * incidents should find, as an incident of {@code kind} ({@code feature_drift},
 * {@code prediction_drift} or {@code data_quality}) on that slice.
 */
public record InjectedDrift(
    LocalDate firstDay, String column, String sliceKey, String sliceValue, String kind, String description) {

  public static final String ALL = "__all__";
}
