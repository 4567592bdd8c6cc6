package dev.driftline.jobs.profile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.driftline.jobs.JobFailure;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.EmbeddingSpec;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.udfs.EmbeddingScan;
import dev.driftline.udfs.math.EmbeddingLayout;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.EmbeddingSketch;
import dev.driftline.udfs.math.ProfileLayout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The reference of the embedding columns: each column's layout, fixed by the config's seed and a
 * sample of the reference window (its length the sample's most common one), and the window's
 * sketches on the reference's slices. Derived from the window's rows and the config alone, so
 * building it again gives the same bits; a run builds it once, or reads it from
 * {@link EmbeddingReferenceStore}.
 */
public record EmbeddingReference(List<String> columns, List<EmbeddingLayout> layouts, EmbeddingProfile profile,
    ProfileLayout slices) implements Serializable {

  /** Reference rows whose values fix the projections' bins and the kernel's bandwidth. */
  static final int LAYOUT_SAMPLE_ROWS = 1_000;

  public static EmbeddingReference build(EmbeddingSpec spec, PredictionLog log, DateRange window,
      ProfileLayout slices, int bins) {
    Dataset<Row> input = log.embeddingInput(window);
    int dims = slices.sliceKeys().size();
    List<EmbeddingLayout> layouts = new ArrayList<>();
    for (int e = 0; e < spec.columns().size(); e++) {
      String name = spec.columns().get(e).name();
      {
        // Rows in an order fixed by their values and the seed: the same sample whatever the files.
        List<Row> sampled = input.select(col("e" + e)).where(col("e" + e).isNotNull())
            .orderBy(xxhash64(lit(spec.seed()), col("e" + e))).limit(LAYOUT_SAMPLE_ROWS).collectAsList();
        double[][] rows = sampled.stream().map(r -> toDoubles(r.getList(0))).toArray(double[][]::new);
        int dim = mostCommonLength(rows);
        double[][] valid = java.util.Arrays.stream(rows).filter(r -> EmbeddingSketch.valid(r, dim))
            .toArray(double[][]::new);
        if (valid.length == 0) {
          throw new JobFailure("embedding column '" + name + "' has no valid value (an array of finite numbers) in the"
              + " reference window " + window + " of " + log.describe());
        }
        layouts.add(EmbeddingLayout.of(valid, spec.projections(), bins, spec.randomFeatures(), spec.seed() + e));
      }
    }
    EmbeddingProfile profile = EmbeddingScan.scan(input, slices, layouts, spec.sampleRows(), spec.seed());
    return new EmbeddingReference(spec.columns().stream().map(c -> c.name()).toList(), List.copyOf(layouts), profile,
        slices);
  }

  private static double[] toDoubles(List<Object> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      out[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
    }
    return out;
  }

  private static int mostCommonLength(double[][] rows) {
    Map<Integer, Integer> counts = new HashMap<>();
    int best = 0;
    int bestCount = 0;
    for (double[] r : rows) {
      int c = counts.merge(r.length, 1, Integer::sum);
      if (c > bestCount || c == bestCount && r.length < best) {
        best = r.length;
        bestCount = c;
      }
    }
    return best;
  }
}
