package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a run leaves in the warehouse matches the contract in {@link Table}: the columns, their
 * types and comments as Delta stores them, and partitioning by ds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableContractTest extends SparkTestBase {

  @TempDir
  static Path dir;

  private Path warehouse;

  @BeforeAll
  void runOneDay() {
    runBefore();
    warehouse = dir.resolve("warehouse");
    Cli.ok("run", "-c", JobConfig.demo(Fixtures.smallDemoLog(spark()), warehouse).writeTo(dir.resolve("model.yaml")),
        "--date", Fixtures.FIRST_RUN_DAY);
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void storedSchemaHasTheContractsColumnsAndTypes(Table table) {
    Assertions.assertTrue(Outputs.exists(warehouse, table), table + " was written");
    assertEquals(columnTypes(table.schema().fields()), columnTypes(Outputs.read(warehouse, table).schema().fields()));
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void everyColumnCarriesItsCommentInDescribe(Table table) {
    Map<String, String> described = new LinkedHashMap<>();
    for (Row r : spark().sql("DESCRIBE TABLE delta.`" + Outputs.path(warehouse, table) + "`").collectAsList()) {
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
    assertEquals(contract, described);
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void partitionedByDs(Table table) {
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + Outputs.path(warehouse, table) + "`").first();
    assertEquals(List.of("ds"), detail.getList(detail.fieldIndex("partitionColumns")));
  }

  /**
   * Column name to type, without nullability: Delta stores the columns of a DataFrame written to
   * a path as nullable, so the contract's NOT NULL is kept by the writer, not enforced by the table.
   */
  private static Map<String, String> columnTypes(StructField[] fields) {
    Map<String, String> types = new LinkedHashMap<>();
    for (StructField f : fields) {
      types.put(f.name(), f.dataType().catalogString());
    }
    return types;
  }
}
