package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.List;

/**
 * The fixed bins of one monitored column, taken from the reference and reused for every later
 * day so that histograms of different days are comparable bin by bin.
 */
public sealed interface ColumnBins extends Serializable permits NumericBins, CategoricalBins {

  /** Number of bins a histogram on these bins has. */
  int size();

  /** A human-readable label per bin, in bin order. */
  List<String> labels();
}
