package dev.driftline.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.SchemaColumnConvertNotSupportedException;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The column types of a Parquet input's files. Spark reads a Parquet path with one schema, taken
 * from one of its files, and fails on any file that stores a column it reads with another type,
 * with a message that names neither the day nor that type ({@code column: [risk], physicalType:
 * BINARY, logicalType: double}). Here the types come from the files' footers (no data is read),
 * for {@code validate}, and Spark's failure becomes one line that names them.
 */
public final class ParquetFileTypes {

  /** A partition directory named by a day: {@code /<column>=yyyy-MM-dd/}. */
  private static final Pattern DAY_DIRECTORY = Pattern.compile("/([^/=]+)=(\\d{4}-\\d{2}-\\d{2})(?=/)");

  private ParquetFileTypes() {}

  /** A column that one file stores with another type than the input's schema says. */
  public record Conflict(String column, String file, String fileType, String inputType) {

    public String message() {
      LocalDate day = dayOf(file, null);
      return "column '" + column + "' is " + fileType + " in " + (day == null ? "" : "a file of " + day + ", ") + file
          + ", but " + inputType + " in the input's schema: Spark reads a Parquet input with one schema, so rewrite "
          + (day == null ? "the file" : "the day's files") + " with '" + column + "' as " + inputType;
    }
  }

  /**
   * The day of a file's partition directory named after {@code dateColumn} (any column when it
   * is null), or null when the file is in none.
   */
  public static LocalDate dayOf(String file, String dateColumn) {
    Matcher m = DAY_DIRECTORY.matcher(file);
    while (m.find()) {
      if (dateColumn == null || m.group(1).equalsIgnoreCase(dateColumn)) {
        try {
          return LocalDate.parse(m.group(2));
        } catch (DateTimeParseException e) {
          // Not a calendar day (2026-13-40): not a day directory.
        }
      }
    }
    return null;
  }

  /**
   * Every column a file stores with another type than {@code inputSchema} (column name to its
   * simple type string, matched without case as Spark matches Parquet columns), file by file.
   * Columns a file lacks are not conflicts: Spark reads them as nulls.
   */
  public static List<Conflict> check(SparkSession spark, Map<String, String> inputSchema, List<String> files) {
    List<Conflict> out = new ArrayList<>();
    for (String file : files) {
      footerTypes(spark, file).forEach((column, fileType) -> {
        String inputType = typeOf(inputSchema, column);
        if (inputType != null && !inputType.equals(fileType)) {
          out.add(new Conflict(column, file, fileType, inputType));
        }
      });
    }
    return out;
  }

  /**
   * Spark's failure to read a Parquet file's column as the schema's type, said in one line;
   * empty for any other failure. The file's own type of the column is read from its footer
   * (Spark names only the physical type, e.g. BINARY) when a session is at hand.
   */
  public static Optional<String> describe(Throwable failure) {
    SchemaColumnConvertNotSupportedException convert = null;
    String file = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SchemaColumnConvertNotSupportedException s) {
        convert = s;
      } else if (file == null && t instanceof SparkThrowable s && s.getMessageParameters() != null) {
        file = s.getMessageParameters().get("filePath");
      }
    }
    if (convert == null || file == null) {
      return Optional.empty();
    }
    // The column's path in the file, printed as a list: [risk], or [outer, inner] when nested.
    String column = convert.getColumn().replaceAll("^\\[|\\]$", "").replace(", ", ".");
    String fileType = null;
    try {
      fileType = typeOf(footerTypes(SparkSession.active(), file), column);
    } catch (RuntimeException e) {
      // No session, or the footer cannot be read: the physical type Spark named will do.
    }
    return Optional.of(new Conflict(column, file,
        fileType == null ? "Parquet " + convert.getPhysicalType() : fileType, convert.getLogicalType()).message());
  }

  /** A column's type in a schema of simple type strings, its name matched exactly, else without case; null when absent. */
  private static String typeOf(Map<String, String> schema, String column) {
    String exact = schema.get(column);
    return exact != null ? exact : schema.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /** Each top-level column of a file with its type as Spark infers it from the file alone, from the footer. */
  private static Map<String, String> footerTypes(SparkSession spark, String file) {
    Configuration conf = spark.sessionState().newHadoopConf();
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(new URI(file)), conf))) {
      StructType schema = new ParquetToSparkSchemaConverter(spark.sessionState().conf())
          .convert(reader.getFooter().getFileMetaData().getSchema());
      Map<String, String> types = new LinkedHashMap<>();
      for (StructField f : schema.fields()) {
        types.put(f.name(), f.dataType().simpleString());
      }
      return types;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Parquet footer of " + file + ": " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(file, e);
    }
  }
}
