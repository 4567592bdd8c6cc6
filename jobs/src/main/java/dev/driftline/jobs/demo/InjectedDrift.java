package dev.driftline.jobs.demo;

import java.time.LocalDate;

/**
 * A regime shift the demo log carries from {@code firstDay} to its last day, on {@code column}
 * within one slice ({@code "__all__"} / {@code "__all__"} for the global slice): the ground truth
 * a drift report on the demo should find.
 */
public record InjectedDrift(
    LocalDate firstDay, String column, String sliceKey, String sliceValue, String description) {

  public static final String ALL = "__all__";
}
