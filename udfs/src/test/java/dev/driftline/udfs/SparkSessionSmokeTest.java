package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SparkSessionSmokeTest extends SparkTestBase {

  @Test
  void deltaRoundTripWorksInTheSharedSession() throws Exception {
    Path dir = Files.createTempDirectory("driftline-smoke");
    String path = dir.resolve("t").toString();
    spark().range(10).write().format("delta").save(path);
    assertEquals(45L, spark().read().format("delta").load(path).selectExpr("sum(id)").first().getLong(0));
    assertEquals("2", spark().conf().get("spark.sql.shuffle.partitions"));
  }
}
