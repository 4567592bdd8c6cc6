package dev.driftline.udfs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.DateDiff;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The column batches a vectorized scan (Parquet, and so Delta) decodes for a prepared input, read
 * without Spark turning them into rows first: that conversion, copying every value into a row,
 * costs about as much as decoding the columns. They exist when the input's physical plan is a
 * columnar scan under a projection whose every column is a column of the scan, as it is, cast
 * from a number to DOUBLE, or as days since a fixed DATE ({@code datediff(date_column, DATE'...')}).
 * Any other plan (an expression feature, a filter on data columns, a row-based source, more
 * columns than whole-stage code generation takes) has none, and a fold reads rows. The batches
 * come in the rows' partitions and order, so a fold of either gives the same bits.
 */
public final class ColumnBatches {

  /** How a prepared column's value is read from its scan column. */
  public enum Read {
    DOUBLE, FLOAT, LONG, INT, SHORT, BYTE, STRING, DAYS_SINCE
  }

  /** A prepared column: the position of its scan column in a batch, how to read it, and the DATE it counts days from. */
  public record Column(int ordinal, Read read, int fromDay) implements Serializable {

    /** The number at {@code row} (not null), as the DOUBLE cast gives it. */
    public double number(ColumnVector v, int row) {
      return switch (read) {
        case DOUBLE -> v.getDouble(row);
        case FLOAT -> v.getFloat(row);
        case LONG -> v.getLong(row);
        case INT -> v.getInt(row);
        case SHORT -> v.getShort(row);
        case BYTE -> v.getByte(row);
        default -> throw new IllegalStateException(read + " is not a number");
      };
    }

    /** The days from {@link #fromDay} to the DATE at {@code row}, as {@code datediff} gives them. */
    int days(ColumnVector v, int row) {
      if (v.isNullAt(row)) {
        throw new IllegalStateException("a row without a date");
      }
      return v.getInt(row) - fromDay;
    }
  }

  /** How a scan column of each type that the prepared columns take as it is, or cast to DOUBLE, is read. */
  private static final Map<DataType, Read> READS = Map.of(DataTypes.DoubleType, Read.DOUBLE, DataTypes.FloatType,
      Read.FLOAT, DataTypes.LongType, Read.LONG, DataTypes.IntegerType, Read.INT, DataTypes.ShortType, Read.SHORT,
      DataTypes.ByteType, Read.BYTE, DataTypes.StringType, Read.STRING);

  private final Dataset<Row> prepared;
  private final JavaRDD<ColumnarBatch> rdd;
  private final List<Column> columns;

  private ColumnBatches(Dataset<Row> prepared, JavaRDD<ColumnarBatch> rdd, List<Column> columns) {
    this.prepared = prepared;
    this.rdd = rdd;
    this.columns = columns;
  }

  /** The batches of {@code prepared}, if its plan is a columnar scan under plain columns. */
  public static Optional<ColumnBatches> of(Dataset<Row> prepared) {
    SparkPlan plan = prepared.queryExecution().executedPlan();
    if (plan instanceof WholeStageCodegenExec codegen) {
      plan = codegen.child();
    }
    List<Expression> projected = expressions(plan.output());
    if (plan instanceof ProjectExec project) {
      projected = expressions(project.projectList());
      plan = project.child();
    }
    if (!(plan instanceof ColumnarToRowExec toRows) || !toRows.child().supportsColumnar()) {
      return Optional.empty();
    }
    SparkPlan scan = toRows.child();
    List<Attribute> scanned = JavaConverters.seqAsJavaList(scan.output());
    List<Column> columns = new ArrayList<>();
    for (Expression e : projected) {
      Optional<Column> column = column(e instanceof Alias a ? a.child() : e, scanned);
      if (column.isEmpty()) {
        return Optional.empty();
      }
      columns.add(column.get());
    }
    return Optional.of(new ColumnBatches(prepared, scan.executeColumnar().toJavaRDD(), List.copyOf(columns)));
  }

  /** A plan's expressions (a named expression is an expression in Scala, not in Java's view of it). */
  private static List<Expression> expressions(Seq<?> seq) {
    return JavaConverters.seqAsJavaList(seq).stream().map(Expression.class::cast).toList();
  }

  private static Optional<Column> column(Expression e, List<Attribute> scanned) {
    if (e instanceof Cast cast && cast.dataType().equals(DataTypes.DoubleType)) {
      return attribute(cast.child(), scanned).flatMap(c -> c.read() == Read.STRING ? Optional.empty() : Optional.of(c));
    }
    if (e instanceof DateDiff diff && diff.startDate() instanceof Literal from && from.value() instanceof Integer day
        && diff.endDate().dataType().equals(DataTypes.DateType)) {
      return ordinal(diff.endDate(), scanned).map(i -> new Column(i, Read.DAYS_SINCE, day));
    }
    return attribute(e, scanned);
  }

  /** A scan column read as its own type. */
  private static Optional<Column> attribute(Expression e, List<Attribute> scanned) {
    Read read = READS.get(e.dataType());
    return read == null ? Optional.empty() : ordinal(e, scanned).map(i -> new Column(i, read, 0));
  }

  private static Optional<Integer> ordinal(Expression e, List<Attribute> scanned) {
    if (e instanceof AttributeReference a) {
      for (int i = 0; i < scanned.size(); i++) {
        if (scanned.get(i).exprId().equals(a.exprId())) {
          return Optional.of(i);
        }
      }
    }
    return Optional.empty();
  }

  Dataset<Row> prepared() {
    return prepared;
  }

  public JavaRDD<ColumnarBatch> rdd() {
    return rdd;
  }

  /** The prepared columns in order. */
  public List<Column> columns() {
    return columns;
  }
}
