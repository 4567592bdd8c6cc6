package dev.driftline.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnEachTableTest {

  private static final List<Table> TABLES = List.of(Table.FEATURE_PROFILES, Table.DRIFT_METRICS, Table.DATA_QUALITY,
      Table.INCIDENTS, Table.PERFORMANCE_METRICS);

  /** Every command waits at a barrier for all the others: in turn, the first would wait in vain. */
  @Test
  void theTablesCommandsRunAtOnceAndAllEnd() {
    CyclicBarrier allStarted = new CyclicBarrier(TABLES.size());
    AtomicInteger ended = new AtomicInteger();
    Map<Table, Runnable> commands = new EnumMap<>(Table.class);
    for (Table t : TABLES) {
      commands.put(t, () -> {
        try {
          allStarted.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("the commands did not run at once", e);
        }
        ended.incrementAndGet();
      });
    }
    OnEachTable.run(commands);
    assertEquals(TABLES.size(), ended.get());
  }

  /**
   * A failure comes back as the exception the command threw, checked ones included (Delta throws
   * them undeclared), once the other commands have ended, so no write is left running.
   */
  @Test
  void theFirstFailureIsThrownAsItWasOnceTheOthersEnded() {
    IOException failure = new IOException("disk full");
    AtomicBoolean slowEnded = new AtomicBoolean();
    Map<Table, Runnable> commands = new EnumMap<>(Table.class);
    commands.put(Table.FEATURE_PROFILES, () -> {
      sleep(300);
      slowEnded.set(true);
    });
    commands.put(Table.DRIFT_METRICS, () -> sneakyThrow(failure));
    commands.put(Table.INCIDENTS, () -> {
      throw new IllegalStateException("later in the map's order");
    });
    Throwable thrown = assertThrows(Throwable.class, () -> OnEachTable.run(commands));
    assertSame(failure, thrown);
    assertTrue(slowEnded.get(), "returned before the slow command ended");
  }

  @Test
  void oneCommandRunsOnTheCallersThread() {
    Thread caller = Thread.currentThread();
    AtomicBoolean same = new AtomicBoolean();
    OnEachTable.run(Map.of(Table.RUNS, () -> same.set(Thread.currentThread() == caller)));
    assertTrue(same.get());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }
}
