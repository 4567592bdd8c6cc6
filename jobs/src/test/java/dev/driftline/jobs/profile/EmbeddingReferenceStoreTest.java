package dev.driftline.jobs.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.EmbeddingSpec;
import dev.driftline.udfs.math.EmbeddingLayout;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.EmbeddingSketch;
import dev.driftline.udfs.math.ProfileLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingReferenceStoreTest {

  private static final EmbeddingSpec SPEC = new EmbeddingSpec(List.of(), 8, 16, 20, 5);
  private static final ProfileLayout SLICES = new ProfileLayout(List.of(), List.of(), List.of("country"),
      List.of(List.of("A", "B")));

  @TempDir
  Path warehouse;

  private final AtomicInteger builds = new AtomicInteger();

  @Test
  void aStoredReferenceIsReadBackAsTheSameSketches() {
    EmbeddingReferenceStore store = new EmbeddingReferenceStore(new Configuration(), warehouse.toString());
    EmbeddingReference built = store.getOrBuild("ref1", SPEC, 10, this::build);
    EmbeddingReference read = store.getOrBuild("ref1", SPEC, 10, this::build);
    assertEquals(1, builds.get(), "built once, then read");
    assertEquals(built.columns(), read.columns());
    assertEquals(built.slices(), read.slices());
    EmbeddingLayout a = built.layouts().get(0);
    EmbeddingLayout b = read.layouts().get(0);
    assertArrayEquals(a.directions(), b.directions());
    assertArrayEquals(a.frequencies(), b.frequencies());
    assertEquals(a.bandwidth(), b.bandwidth());
    for (int g = 0; g < SLICES.groupCount(); g++) {
      EmbeddingSketch x = built.profile().sketch(0, g);
      EmbeddingSketch y = read.profile().sketch(0, g);
      assertEquals(x.rows(), y.rows());
      assertArrayEquals(x.mean(), y.mean());
      assertArrayEquals(x.variance(), y.variance());
      assertArrayEquals(x.meanFeatures(), y.meanFeatures());
      assertArrayEquals(x.sample(), y.sample());
      for (int k = 0; k < a.projections(); k++) {
        assertArrayEquals(x.projection(k).counts(), y.projection(k).counts());
      }
    }
  }

  @Test
  void otherSettingsOrAnotherReferenceAreBuiltAfresh() {
    EmbeddingReferenceStore store = new EmbeddingReferenceStore(new Configuration(), warehouse.toString());
    store.getOrBuild("ref1", SPEC, 10, this::build);
    store.getOrBuild("ref2", SPEC, 10, this::build);
    store.getOrBuild("ref1", new EmbeddingSpec(List.of(), 8, 16, 20, 6), 10, this::build);
    store.getOrBuild("ref1", SPEC, 20, this::build);
    assertEquals(4, builds.get());
    assertNotEquals(EmbeddingReferenceStore.key("ref1", SPEC, 10), EmbeddingReferenceStore.key("ref1", SPEC, 20));
  }

  @Test
  void aDamagedOrForeignFileIsRebuiltAndReplaced() throws IOException {
    EmbeddingReferenceStore store = new EmbeddingReferenceStore(new Configuration(), warehouse.toString());
    EmbeddingReference built = store.getOrBuild("ref1", SPEC, 10, this::build);
    Path file = storedFile();
    overwrite(file, new byte[] {1, 2, 3});
    EmbeddingReference rebuilt = store.getOrBuild("ref1", SPEC, 10, this::build);
    assertEquals(2, builds.get(), "a truncated file is built again");
    assertArrayEquals(built.profile().sketch(0, 0).mean(), rebuilt.profile().sketch(0, 0).mean());
    // An object the sketches never hold is refused before it is made, then rebuilt.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
      objects.writeObject(new java.net.URL("http://127.0.0.1/"));
    }
    overwrite(file, bytes.toByteArray());
    store.getOrBuild("ref1", SPEC, 10, this::build);
    assertEquals(3, builds.get(), "a foreign object is refused");
    EmbeddingReference read = store.getOrBuild("ref1", SPEC, 10, this::build);
    assertEquals(3, builds.get(), "the rebuilt reference was stored again");
    assertArrayEquals(built.profile().sketch(0, 1).sample(), read.profile().sketch(0, 1).sample());
  }

  @Test
  void nothingButTheFinishedFileIsLeftBehind() throws IOException {
    new EmbeddingReferenceStore(new Configuration(), warehouse.toString()).getOrBuild("ref1", SPEC, 10, this::build);
    try (Stream<Path> files = Files.list(warehouse.resolve(EmbeddingReferenceStore.DIRECTORY))) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).toList();
      assertEquals(1, names.size(), names::toString);
      assertTrue(names.get(0).endsWith(".ser"));
    }
  }

  /** Written behind Hadoop's back, its checksum file removed: the content itself is what is judged. */
  private static void overwrite(Path file, byte[] content) throws IOException {
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    Files.write(file, content);
  }

  private Path storedFile() throws IOException {
    try (Stream<Path> files = Files.list(warehouse.resolve(EmbeddingReferenceStore.DIRECTORY))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".ser")).findFirst().orElseThrow();
    }
  }

  /** A reference of 600 random 6-dimension rows in two slices, the same bits every time. */
  private EmbeddingReference build() {
    builds.incrementAndGet();
    Random random = new Random(9);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      double[] row = new double[6];
      for (int d = 0; d < row.length; d++) {
        row[d] = random.nextGaussian() + (i % 2) * d;
      }
      rows.add(row);
    }
    EmbeddingLayout layout = EmbeddingLayout.of(rows.toArray(double[][]::new), SPEC.projections(), 10,
        SPEC.randomFeatures(), SPEC.seed());
    EmbeddingProfile profile = new EmbeddingProfile(SLICES, List.of(layout), SPEC.sampleRows(), SPEC.seed());
    int first = SLICES.firstGroupOf(0);
    for (int i = 0; i < rows.size(); i++) {
      profile.add(0, new int[] {0, first + i % 2}, rows.get(i));
    }
    assertSame(layout, profile.sketch(0, 0).layout());
    return new EmbeddingReference(List.of("e"), List.of(layout), profile, SLICES);
  }
}
