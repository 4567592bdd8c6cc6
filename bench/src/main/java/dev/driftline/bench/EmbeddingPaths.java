package dev.driftline.bench;

import dev.driftline.bench.BenchCase.Prepared;
import dev.driftline.udfs.ProfileScan;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.PairState;
import dev.driftline.udfs.math.ProfileAccumulator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The embedding paths: the embedding's scan limit, over the slice columns and the embedding as
 * {@code array<double>}, and the job's profile with the embedding sketched in the same pass.
 */
final class EmbeddingPaths {

  private EmbeddingPaths() {}

  /** Reads every embedding value of the day's internal rows and sums them: the floor of any pass. */
  static final BenchPath SCAN_LIMIT = AggregationPaths.path("embedding-scan-limit",
      "the embedding input's internal rows, one pass: count the arrays and sum every value",
      p -> {
        int field = p.layout().sliceKeys().size();
        long arrays = input(p).queryExecution().toRdd().toJavaRDD().mapPartitions(new SumValues(field))
            .collect().stream().mapToLong(t -> (long) t[0]).sum();
        return expected -> arrays == p.embeddingValues() ? null
            : arrays + " embeddings read, expected " + p.embeddingValues();
      });

  /** The job's profile with the embedding sketched in the same pass. */
  static final BenchPath SKETCH = AggregationPaths.path("driftline-embedding",
      "ProfileScan.scanWithEmbeddings on the reference's layouts, as the nightly job's profile step with an"
          + " embedding: histograms and embedding sketches per slice group in one pass",
      p -> {
        input(p);
        PairState<ProfileAccumulator, EmbeddingProfile> both = ProfileScan.scanWithEmbeddings(
            p.profileAndEmbeddingInput(), p.layout(), p.embeddings().layouts(), p.spec().embedding().sampleRows(),
            p.spec().embedding().seed());
        long rows = both.second().sketch(0, 0).rows();
        return expected -> rows != p.embeddingValues()
            ? rows + " embeddings sketched in the global slice, expected " + p.embeddingValues()
            : expected.difference(BinCounts.of(both.first()));
      });

  static List<BenchPath> all() {
    return List.of(SCAN_LIMIT, SKETCH);
  }

  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> input(Prepared p) {
    if (p.embeddingInput() == null) {
      throw new IllegalStateException("case " + p.benchCase().name() + " has no embedding column");
    }
    return p.embeddingInput();
  }

  /** One partition's count of non-null embeddings and the sum of their values (so none is skipped). */
  private record SumValues(int field) implements FlatMapFunction<Iterator<InternalRow>, double[]> {

    @Override
    public Iterator<double[]> call(Iterator<InternalRow> rows) {
      long arrays = 0;
      double sum = 0;
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        if (row.isNullAt(field)) {
          continue;
        }
        ArrayData values = row.getArray(field);
        for (int i = 0; i < values.numElements(); i++) {
          sum += values.getDouble(i);
        }
        arrays++;
      }
      return List.of(new double[] {arrays, sum}).iterator();
    }
  }
}
