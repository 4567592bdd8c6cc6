package dev.driftline.jobs.profile;

import dev.driftline.jobs.config.EmbeddingSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Embedding references kept beside the warehouse's tables, so a run reads the sketches of a
 * reference it has seen instead of sketching the reference window again (at scale, the window's
 * rows cost far more than a day's). One file per reference and embedding settings,
 * {@code <warehouse>/_embedding_references/<key>.ser}: the layouts and the sketches, serialised.
 *
 * <p>A cache, not a table: the reference is derived from the window's rows and the config alone,
 * so a missing, unreadable or foreign file is rebuilt, with the same bits. A file is written under
 * a temporary name and renamed into place, so a reader never sees half of one; reading accepts only
 * the sketches' own classes.
 */
public final class EmbeddingReferenceStore {

  private static final Logger LOG = LogManager.getLogger(EmbeddingReferenceStore.class);
  static final String DIRECTORY = "_embedding_references";
  /** Bumped whenever the sketches' form changes, so older files are rebuilt rather than misread. */
  private static final int FORMAT = 1;
  private static final ObjectInputFilter ONLY_SKETCHES = ObjectInputFilter.Config.createFilter(
      "maxdepth=20;dev.driftline.jobs.profile.EmbeddingReference;dev.driftline.udfs.math.*;java.util.*;"
          + "java.lang.Object;java.lang.Number;java.lang.Long;java.lang.Integer;java.lang.Double;java.lang.String;java.lang.Enum;!*");

  private final Configuration hadoop;
  private final Path directory;

  public EmbeddingReferenceStore(Configuration hadoop, String warehouseRoot) {
    this.hadoop = hadoop;
    this.directory = new Path(warehouseRoot, DIRECTORY);
  }

  /** The stored reference of these settings, else {@code build}'s, stored for the next run. */
  public EmbeddingReference getOrBuild(String referenceId, EmbeddingSpec spec, int bins,
      Supplier<EmbeddingReference> build) {
    Path file = new Path(directory, key(referenceId, spec, bins) + ".ser");
    Optional<EmbeddingReference> stored = read(file);
    if (stored.isPresent()) {
      LOG.info("embedding reference {} read from {}", referenceId, file);
      return stored.get();
    }
    EmbeddingReference built = build.get();
    write(file, built);
    return built;
  }

  static String key(String referenceId, EmbeddingSpec spec, int bins) {
    return new Fingerprint().add(FORMAT).add(referenceId).add(spec).add(bins).id();
  }

  private Optional<EmbeddingReference> read(Path file) {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file); ObjectInputStream objects = new ObjectInputStream(in)) {
        objects.setObjectInputFilter(info -> {
          ObjectInputFilter.Status status = ONLY_SKETCHES.checkInput(info);
          if (status == ObjectInputFilter.Status.REJECTED) {
            throw new IllegalArgumentException("it holds " + (info.serialClass() == null ? "more than the"
                + " filter's limits allow" : "a " + info.serialClass().getName()) + ", which no embedding reference does");
          }
          return status;
        });
        return Optional.of((EmbeddingReference) objects.readObject());
      }
    } catch (IOException | ClassNotFoundException | ClassCastException | IllegalArgumentException e) {
      LOG.warn("embedding reference {} cannot be read ({}); building it again", file,
          e.getCause() == null ? e.toString() : e.getCause().getMessage());
      return Optional.empty();
    }
  }

  private void write(Path file, EmbeddingReference reference) {
    Path partial = new Path(directory, "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (OutputStream out = fs.create(partial, true); ObjectOutputStream objects = new ObjectOutputStream(out)) {
        objects.writeObject(reference);
      }
      fs.delete(file, false);
      if (!fs.rename(partial, file)) {
        fs.delete(partial, false);
      }
    } catch (IOException e) {
      // Only a cache: the run goes on, and the next one builds the reference again.
      LOG.warn("embedding reference {} not stored: {}", file, e.toString());
    }
  }
}
