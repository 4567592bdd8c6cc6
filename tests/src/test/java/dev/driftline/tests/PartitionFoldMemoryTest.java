package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver no longer holds every partition's state: 2,000 partition states of about 0.5 MB each
 * (1.1 GB together, more than twice the heap) fold in a 512 MB JVM, to the same bits as the rows
 * profiled in one partition. Collecting the states, as the fold did for any partition count, runs
 * out of memory there.
 */
class PartitionFoldMemoryTest {

  @TempDir
  Path dir;

  @Test
  void twoThousandStatesOfTwiceTheHeapFoldOnTheExecutors() {
    // C1 only: 28 s of CPU for this run instead of 50 s with C2, whose compilations do not pay off
    // in a run this short.
    JvmProcess fold = JvmProcess.start(dir.resolve("fold.log"), Map.of(),
        List.of("-Xmx512m"), List.of(WideProfileFold.class.getName()));
    int exit = fold.waitFor(180);
    String output = fold.output();
    assertEquals(0, exit, output);
    assertTrue(output.contains(WideProfileFold.ROWS + " rows; equal to the one-partition profile bit for bit: true"),
        output);
  }
}
