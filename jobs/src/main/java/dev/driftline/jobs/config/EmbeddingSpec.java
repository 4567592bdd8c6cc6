package dev.driftline.jobs.config;

import java.util.List;

/**
 * The embedding columns to monitor ({@code features.embedding}) and how they are sketched
 * ({@code embedding}): random projections, random Fourier features and sampled rows per slice.
 *
 * @param columns array columns of a fixed length (float or double elements)
 * @param projections K, the random directions each embedding is projected on
 * @param randomFeatures D, the random Fourier features behind MMD^2
 * @param sampleRows rows sampled per slice and day
 * @param seed the seed of the directions, features and samples
 */
public record EmbeddingSpec(List<ColumnSpec> columns, int projections, int randomFeatures, int sampleRows,
    long seed) {

  public static final int DEFAULT_PROJECTIONS = 32;
  public static final int DEFAULT_RANDOM_FEATURES = 256;
  public static final int DEFAULT_SAMPLE_ROWS = 200;
  /** No embedding column: nothing to sketch. */
  public static final EmbeddingSpec NONE = new EmbeddingSpec(List.of(), DEFAULT_PROJECTIONS, DEFAULT_RANDOM_FEATURES,
      DEFAULT_SAMPLE_ROWS, 0);

  public EmbeddingSpec {
    columns = List.copyOf(columns);
  }

  public boolean enabled() {
    return !columns.isEmpty();
  }

  /** The embedding columns as monitored features, as their data-quality findings name them. */
  public List<JobSpec.MonitoredColumn> monitored() {
    return columns.stream().map(c -> new JobSpec.MonitoredColumn(c, JobSpec.Kind.EMBEDDING, JobSpec.Role.FEATURE))
        .toList();
  }
}
