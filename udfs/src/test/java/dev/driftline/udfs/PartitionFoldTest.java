package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftline.udfs.math.MergeableState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fold merges partition states in partition order and checks the input's column types first. */
class PartitionFoldTest extends SparkTestBase {

  private static final int ROWS = 100;

  /** Every value in the order it was added: any other merge order than the partitions' shows. */
  static final class Seen implements MergeableState<Seen> {
    private static final long serialVersionUID = 1L;
    final List<Long> values = new ArrayList<>();
    int merges;

    @Override
    public Seen merge(Seen other) {
      values.addAll(other.values);
      merges++;
      return this;
    }
  }

  private static Seen fold(Dataset<Row> ids) {
    return PartitionFold.fold(ids, "test", List.of(DataTypes.LongType), Seen::new, (rows, state) -> {
      while (rows.hasNext()) {
        state.values.add(rows.next().getLong(0));
      }
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7})
  void mergesPartitionStatesInPartitionOrder(int partitions) {
    // range() puts consecutive ids in consecutive partitions.
    Seen seen = fold(spark().range(0, ROWS, 1, partitions).toDF());
    assertEquals(LongStream.range(0, ROWS).boxed().toList(), seen.values);
    assertEquals(partitions, seen.merges, "one merge per partition, into an empty state");
  }

  @Test
  void noRowsGiveTheEmptyState() {
    Seen seen = fold(spark().range(0, 0, 1, 3).toDF());
    assertEquals(List.of(), seen.values);
  }

  @Test
  void rejectsOtherColumnTypesInOneLineNamingExpectedAndActual() {
    Dataset<Row> strings = spark().range(0, 3).selectExpr("cast(id as string) as id", "id as n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fold(strings));
    assertEquals("test input must have column types [LongType] but has [StringType, LongType]", e.getMessage());
  }
}
