package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assertions;

/**
 * What a run leaves in the warehouse matches the contract in {@link Table}: the columns, their
 * types and nullability as Delta stores them, every column's comment in {@code DESCRIBE}, and
 * partitioning by ds.
 */
public final class TableContract {

  private TableContract() {}

  public static void check(Path warehouse, Table table) {
    SparkSession spark = SparkSession.active();
    String path = warehouse.resolve(table.tableName()).toString();
    Assertions.assertTrue(DeltaTable.isDeltaTable(spark, path), table + " was written");
    assertEquals(columns(table.schema().fields()),
        columns(spark.read().format("delta").load(path).schema().fields()), table + " columns");

    Map<String, String> described = new LinkedHashMap<>();
    for (Row r : spark.sql("DESCRIBE TABLE delta.`" + path + "`").collectAsList()) {
      String column = r.getString(0);
      if (column.isBlank() || column.startsWith("#")) {
        break; // the partitioning section follows
      }
      described.put(column, r.getString(2));
    }
    Map<String, String> contract = new LinkedHashMap<>();
    for (StructField f : table.schema().fields()) {
      String comment = f.getComment().getOrElse(() -> "");
      Assertions.assertFalse(comment.isBlank(), () -> table + "." + f.name() + " has a comment in the contract");
      contract.put(f.name(), comment);
    }
    assertEquals(contract, described, table + " comments");

    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").first();
    assertEquals(List.of("ds"), detail.getList(detail.fieldIndex("partitionColumns")), table + " partitioning");
    assertEquals(table.comment(), detail.getAs("description"), table + " description");
  }

  /** Column name to type and nullability, as the contract declares and the table enforces. */
  private static Map<String, String> columns(StructField[] fields) {
    Map<String, String> types = new LinkedHashMap<>();
    for (StructField f : fields) {
      types.put(f.name(), f.dataType().catalogString() + (f.nullable() ? "" : " NOT NULL"));
    }
    return types;
  }
}
