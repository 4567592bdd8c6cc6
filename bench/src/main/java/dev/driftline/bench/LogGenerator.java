package dev.driftline.bench;

import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a deterministic synthetic prediction log as Parquet partitioned by {@code ds}: a
 * reference day and the profiled day. Every value is a hash of its row id and column, so the same
 * shape gives the same files on any machine and in any partitioning, and Spark generates them in
 * parallel. Files are cached under the shape's key and reused.
 *
 * <p>Columns: {@code slice_<d>} (skewed, a few values carry most rows), {@code num_<i>} (normal,
 * log-normal or integer counts; every fifth one 1% null), {@code cat_<j>} (skewed; every third one
 * 2% null), {@code score} (a probability) and the partition column {@code ds}. The profiled day shifts {@code num_0}
 * so the full run has some drift to report.
 */
public final class LogGenerator {

  public static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  public static final LocalDate REFERENCE_DAY = DAY.minusDays(1);
  private static final long ROWS_PER_FILE = 1_000_000L;
  private static final long REFERENCE_ID_OFFSET = 1L << 40;

  private LogGenerator() {}

  /** The directory holding {@code shape}'s log, generating it first when it is not cached. */
  public static Path ensure(SparkSession spark, LogShape shape, Path root) {
    Path dir = root.resolve(shape.key()).toAbsolutePath();
    if (Files.exists(dir.resolve("_SUCCESS"))) {
      return dir;
    }
    Path partial = root.resolve(shape.key() + ".partial").toAbsolutePath();
    deleteRecursively(partial);
    deleteRecursively(dir);
    long start = System.nanoTime();
    // One directory per day, as partitionBy would lay them out, without its sort of every row by day.
    day(spark, shape, REFERENCE_DAY, REFERENCE_ID_OFFSET, shape.referenceRows())
        .write().parquet(partial.resolve("ds=" + REFERENCE_DAY).toString());
    day(spark, shape, DAY, 0, shape.rows()).write().parquet(partial.resolve("ds=" + DAY).toString());
    try {
      Files.createFile(partial.resolve("_SUCCESS"));
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move generated log to " + dir, e);
    }
    System.err.printf("bench: generated %s in %.1f s%n", dir, (System.nanoTime() - start) / 1e9);
    return dir;
  }

  static Dataset<Row> day(SparkSession spark, LogShape shape, LocalDate ds, long idOffset, long rows) {
    int partitions = (int) Math.max(1, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    Dataset<Row> ids = spark.range(idOffset, idOffset + rows, 1, partitions).toDF("id");
    boolean profiledDay = ds.equals(DAY);
    List<Column> columns = new ArrayList<>();
    for (int d = 0; d < shape.sliceCardinalities().size(); d++) {
      columns.add(expr(skewedValue("s" + d + "_", shape.sliceCardinalities().get(d), 9000 + 10 * d, 1.5))
          .as("slice_" + d));
    }
    for (int i = 0; i < shape.numeric(); i++) {
      int seed = 1000 + 10 * i;
      String value = switch (i % 3) {
        case 0 -> "(" + normal(seed) + " * 10 + 100" + (profiledDay && i == 0 ? " + 0.5D" : "") + ")";
        case 1 -> "exp(" + normal(seed) + " * 0.5D + 3)";
        default -> "floor(" + uniform(seed) + " * 1000)";
      };
      if (i % 5 == 4) {
        value = "if(" + uniform(seed + 2) + " < 0.01D, CAST(NULL AS DOUBLE), " + value + ")";
      }
      columns.add(expr("CAST(" + value + " AS DOUBLE)").as("num_" + i));
    }
    for (int j = 0; j < shape.categoricalCardinalities().size(); j++) {
      int seed = 5000 + 10 * j;
      String value = skewedValue("c" + j + "_", shape.categoricalCardinalities().get(j), seed, 2);
      if (j % 3 == 2) {
        value = "if(" + uniform(seed + 1) + " < 0.02D, CAST(NULL AS STRING), " + value + ")";
      }
      columns.add(expr(value).as("cat_" + j));
    }
    columns.add(expr("1 / (1 + exp(-(1.5D * " + normal(9900) + " - 1)))").as("score"));
    if (shape.embeddingDimensions() > 0) {
      // Coordinate k is normal from its own pair of hashes; the profiled day moves the first one.
      String coordinate = normal("7000 + 2 * k");
      columns.add(expr("transform(sequence(0, " + (shape.embeddingDimensions() - 1) + "), k -> CAST(" + coordinate
          + (profiledDay ? " + IF(k = 0, 0.1D, 0D)" : "") + " AS FLOAT))").as("emb_0"));
    }
    return ids.select(columns.toArray(new Column[0]));
  }

  /** Uniform in (0, 1) from the top 53 bits of the row id's hash under {@code seed}. */
  static String uniform(int seed) {
    return uniform(String.valueOf(seed));
  }

  private static String uniform(String seed) {
    return "((shiftrightunsigned(xxhash64(id, " + seed + "), 11) + 0.5D) / 9007199254740992.0D)";
  }

  /** Standard normal by Box-Muller from two independent uniforms. */
  static String normal(int seed) {
    return "(sqrt(-2 * ln(" + uniform(seed) + ")) * cos(2 * pi() * " + uniform(seed + 1) + "))";
  }

  /** Standard normal from the uniforms of seeds {@code seed} and {@code seed + 1}, SQL expressions. */
  private static String normal(String seed) {
    return "(sqrt(-2 * ln(" + uniform(seed) + ")) * cos(2 * pi() * " + uniform(seed + " + 1") + "))";
  }

  /** One of {@code cardinality} values, value k with falling frequency as k grows (u^skew). */
  static String skewedValue(String prefix, int cardinality, int seed, double skew) {
    return "concat('" + prefix + "', CAST(floor(" + cardinality + " * pow(" + uniform(seed) + ", " + skew
        + "D)) AS INT))";
  }

  static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
