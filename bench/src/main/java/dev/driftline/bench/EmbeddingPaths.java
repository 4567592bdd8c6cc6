package dev.driftline.bench;

import dev.driftline.bench.BenchCase.Prepared;
import dev.driftline.udfs.EmbeddingScan;
import dev.driftline.udfs.math.EmbeddingProfile;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The embedding paths, over the day's rows as the job's embedding scan reads them (slice columns,
 * then the embedding as {@code array<double>}): the embedding's scan limit, and the sketch.
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

  /** The job's embedding scan: projections, random features and samples per slice group. */
  static final BenchPath SKETCH = AggregationPaths.path("embedding",
      "EmbeddingScan.scan on the reference's embedding layout, as the nightly job's embedding step",
      p -> {
        EmbeddingProfile profile = EmbeddingScan.scan(input(p), p.layout(), p.embeddings().layouts(),
            p.spec().embedding().sampleRows(), p.spec().embedding().seed());
        long rows = profile.sketch(0, 0).rows();
        return expected -> rows == p.embeddingValues() ? null
            : rows + " embeddings sketched in the global slice, expected " + p.embeddingValues();
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
