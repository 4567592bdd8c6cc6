package dev.driftline.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.driftline.jobs.lineage.LineageGraph;
import dev.driftline.jobs.lineage.LineageNode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/** A day's {@link LineageGraph} to rows of the {@code lineage} table, and back. */
public final class LineageRows {

  private LineageRows() {}

  public static List<Row> of(String model, LocalDate ds, String runId, LineageGraph graph) {
    return graph.nodes().stream().map(n -> {
      RowBuilder b = RowBuilder.of(Table.LINEAGE).set("model", model).set("ds", ds).set("run_id", runId)
          .set("node_id", n.id()).set("kind", n.kind().key()).set("label", n.label())
          .set("fingerprint", n.fingerprint()).set("parents", n.parents()).set("params", n.params());
      LineageNode.Param.COLUMNS.forEach(p -> b.set(p, n.param(p)));
      return b.build();
    }).toList();
  }

  /** The stored graph of a model's day, or empty when no run wrote one: what reports read. */
  public static Optional<LineageGraph> read(Warehouse warehouse, String model, LocalDate ds) {
    List<Row> rows = warehouse.read(Table.LINEAGE).map(t -> t.where(col("model").equalTo(lit(model))
        .and(col("ds").equalTo(lit(Date.valueOf(ds))))).collectAsList()).orElse(List.of());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(LineageGraph.of(rows.stream().map(LineageRows::node).toList()));
  }

  private static LineageNode node(Row r) {
    scala.collection.Map<String, String> params = r.getAs("params");
    return new LineageNode(r.getAs("node_id"), LineageNode.Kind.of(r.getAs("kind")), r.getAs("label"),
        new TreeMap<>(JavaConverters.mapAsJavaMap(params)), r.getList(r.fieldIndex("parents")),
        r.getAs("fingerprint"));
  }
}
