package dev.driftline.udfs.math;

/**
 * The tests that need rows, run on the sketches' samples (at most their sample size per side):
 * MMD^2's permutation test, whose p-value is the no-change threshold the random-feature MMD^2
 * lacks, and a domain classifier's cross-validated AUC.
 *
 * @param mmd2PValue the permutation p-value of the samples' exact MMD^2, {@code (1 + b) / (B + 1)};
 *     NaN when a side has no sampled row
 * @param classifierAuc {@link DomainClassifier#auc}; NaN with fewer than {@link DomainClassifier#FOLDS}
 *     sampled rows on a side
 */
public record EmbeddingSampleTests(double mmd2PValue, double classifierAuc) {

  public static final EmbeddingSampleTests NONE = new EmbeddingSampleTests(Double.NaN, Double.NaN);

  public static EmbeddingSampleTests of(EmbeddingSketch ref, EmbeddingSketch cur, int permutations, long seed) {
    double[][] x = ref.sample();
    double[][] y = cur.sample();
    if (x.length == 0 || y.length == 0) {
      return NONE;
    }
    double p = EmbeddingDrift.permutationPValue(ref.layout(), x, y, permutations, seed);
    boolean enough = x.length >= DomainClassifier.FOLDS && y.length >= DomainClassifier.FOLDS;
    return new EmbeddingSampleTests(p, enough ? DomainClassifier.auc(x, y) : Double.NaN);
  }
}
