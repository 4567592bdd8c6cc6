package dev.driftline.bench;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.profile.EmbeddingReference;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.udfs.math.ProfileLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One benchmarked configuration: a generated log, the slice columns the job uses, and what every
 * path needs from it (the job's spec, its reference built and stored as a nightly run finds it,
 * and the day's profile input).
 *
 * @param sliceDims indexes of the shape's slice columns the job slices by
 * @param maxSliceValues the job's cap on values per slice dimension (the rest fold into OTHER)
 * @param paths the names of the paths measured on this case
 */
public record BenchCase(String name, LogShape shape, List<Integer> sliceDims, int maxSliceValues, List<String> paths) {

  /** The job's default cap on slice values. */
  public static final int MAX_SLICE_VALUES = 100;

  public BenchCase(String name, LogShape shape, List<Integer> sliceDims, List<String> paths) {
    this(name, shape, sliceDims, MAX_SLICE_VALUES, paths);
  }

  public BenchCase {
    sliceDims = List.copyOf(sliceDims);
    paths = List.copyOf(paths);
    for (int d : sliceDims) {
      if (d < 0 || d >= shape.sliceCardinalities().size()) {
        throw new IllegalArgumentException("case " + name + ": no slice column " + d + " in " + shape.describe());
      }
    }
  }

  /** Slice columns used, with cardinalities, for the report. */
  public String describeSlices() {
    if (sliceDims.isEmpty()) {
      return "no slices";
    }
    return sliceDims.stream().map(d -> "slice_" + d + " (" + shape.sliceCardinalities().get(d) + " values"
        + (shape.sliceCardinalities().get(d) > maxSliceValues ? ", top " + maxSliceValues + " kept" : "") + ")")
        .collect(Collectors.joining(", "));
  }

  /** The job config of this case as YAML, as a user would write it. */
  public String yaml(Path log, Path warehouse) {
    return String.join("\n",
        "model: bench",
        "input: {format: parquet, path: '" + log + "', date_column: ds}",
        "features:",
        "  numeric: " + names("num_", shape.numeric()),
        "  categorical: " + names("cat_", shape.categoricalCardinalities().size()),
        "  embedding: " + (shape.embeddingDimensions() == 0 ? "[]" : "[emb_0]"),
        "prediction: {column: score, kind: probability}",
        "slices: {columns: " + sliceDims.stream().map(d -> "slice_" + d).toList() + ", max_values: " + maxSliceValues + "}",
        "reference: {from: " + LogGenerator.REFERENCE_DAY + ", to: " + LogGenerator.REFERENCE_DAY + "}",
        "binning: {bins: 10, max_categories: 50}",
        "output: {warehouse: '" + warehouse + "'}",
        "");
  }

  private static List<String> names(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  /** Generates (or reuses) the log, resets the case's warehouse and stores the reference. */
  public Prepared prepare(SparkSession spark, Path dataRoot, Path warehouseRoot) {
    Path log = LogGenerator.ensure(spark, shape, dataRoot);
    Path warehouse = warehouseRoot.resolve(name).toAbsolutePath();
    LogGenerator.deleteRecursively(warehouse);
    JobSpec spec = ConfigLoader.parse(yaml(log, warehouse), "bench case " + name);
    ReferenceProfile reference = new NightlyJob(spark, spec).buildReference(LogGenerator.DAY);
    PredictionLog predictions = PredictionLog.open(spark, spec);
    DateRange day = new DateRange(LogGenerator.DAY, LogGenerator.DAY);
    Dataset<Row> input = predictions.profileInput(day);
    if (!spec.embedding().enabled()) {
      return new Prepared(this, spark, spec, reference, input, null, null, null, 0);
    }
    EmbeddingReference embeddings = EmbeddingReference.build(spec.embedding(), predictions,
        spec.reference().forRunDate(LogGenerator.DAY), reference.layout(), spec.bins());
    Dataset<Row> embeddingInput = predictions.embeddingInput(day);
    return new Prepared(this, spark, spec, reference, input, embeddings, embeddingInput,
        predictions.profileAndEmbeddingInput(day), embeddingInput.where(embeddingInput.col("e0").isNotNull()).count());
  }

  /**
   * A case ready to measure; {@code input} is the day's rows exactly as the job's profile scan reads
   * them; without an embedding, the others are null: {@code embeddingInput} the slices and
   * embeddings alone, {@code profileAndEmbeddingInput} what the job's profile reads to sketch them
   * in the same pass; with the case's reference and how many of its embeddings are not null.
   */
  public record Prepared(BenchCase benchCase, SparkSession spark, JobSpec spec, ReferenceProfile reference,
      Dataset<Row> input, EmbeddingReference embeddings, Dataset<Row> embeddingInput,
      Dataset<Row> profileAndEmbeddingInput, long embeddingValues) {

    public ProfileLayout layout() {
      return reference.layout();
    }
  }
}
