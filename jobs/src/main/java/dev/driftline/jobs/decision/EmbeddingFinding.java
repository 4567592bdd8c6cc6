package dev.driftline.jobs.decision;

import dev.driftline.udfs.math.EmbeddingDrift;
import dev.driftline.udfs.math.EmbeddingSampleTests;
import dev.driftline.udfs.math.ProfileLayout.Slice;

/**
 * How far one embedding column moved in one slice on one day, against the reference.
 *
 * @param dimensions the embedding's length, fixed by the reference
 * @param refRows valid reference rows of the slice
 * @param rows valid rows of the slice that day
 * @param invalidRows rows of the slice that day whose value is null, of another length or not finite
 * @param drift the measures; null when either side has no valid row
 * @param sampled the tests on the sampled rows; {@link EmbeddingSampleTests#NONE} when not tested
 * @param pValue the chi-square test of the projection most changed, Bonferroni-corrected for the
 *     projections tested: min(1, K x the smallest p-value); NaN when not tested
 * @param pAdjusted {@code pValue} adjusted across the day's embedding tests
 */
public record EmbeddingFinding(String column, Slice slice, int dimensions, long refRows, long rows, long invalidRows,
    EmbeddingDrift drift, EmbeddingSampleTests sampled, double pValue, double pAdjusted) {

  public EmbeddingFinding withPAdjusted(double adjusted) {
    return new EmbeddingFinding(column, slice, dimensions, refRows, rows, invalidRows, drift, sampled, pValue, adjusted);
  }
}
