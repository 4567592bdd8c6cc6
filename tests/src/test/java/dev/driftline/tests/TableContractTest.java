package dev.driftline.tests;

import dev.driftline.jobs.tables.Table;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tables a drift run writes match their contract (the performance tables are checked by the
 * performance end-to-end tests, which write them, and embedding_drift by EmbeddingDriftEndToEndTest).
 */
class TableContractTest extends OneDayRunTest {

  @ParameterizedTest
  @EnumSource(value = Table.class, mode = EnumSource.Mode.EXCLUDE, names = {"PERFORMANCE_METRICS", "RELEASE_COMPARISONS", "RETRAIN_EVENTS", "EMBEDDING_DRIFT"})
  void storedTableMatchesTheContract(Table table) {
    TableContract.check(warehouse, table);
  }
}
