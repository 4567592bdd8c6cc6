#!/usr/bin/env python3
"""Writes the oracle fixtures of confidence-based performance estimation.

Run from the repository root:

    python3 udfs/src/test/python/generate_estimation_fixtures.py

Output (deterministic for a given NumPy/SciPy version, seeded):

    udfs/src/test/resources/oracle/estimation_cases.tsv   a labelled calibration sample, scores to
        estimate, the isotonic fit at those scores (scipy.optimize.isotonic_regression on the
        per-score mean labels weighted by their rows, read with numpy.interp) and the expected
        metrics at the threshold

The expected metrics are written from their definitions with NumPy, never from the Java code:
a row with calibrated probability p is a positive with probability p, so the expected confusion
matrix sums p and 1 - p over the predicted positives and negatives, and the expected AUC sums
p_i (1 - p_j) over every ordered pair of rows (i, j) with s_i > s_j, half for s_i = s_j
(including i = j), divided by sum(p) * sum(1 - p).
"""

import os

import numpy as np
from scipy.optimize import isotonic_regression

from generate_performance_fixtures import OUT_DIR, fmt, fmt_list, ratio

SEED = 20261202
METRICS = ["accuracy", "precision", "recall", "f1", "auc", "predicted_positive_rate", "actual_positive_rate"]


def isotonic(scores, labels):
    """Knots (distinct scores) and fitted values of the weighted isotonic regression."""
    xs, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    means = np.bincount(inverse, weights=labels) / counts
    fitted = isotonic_regression(means, weights=counts.astype(float), increasing=True).x
    return xs, fitted


def expected_metrics(s, p, threshold):
    pred = s >= threshold
    tp = np.sum(p[pred])
    fp = np.sum(1 - p[pred])
    fn = np.sum(p[~pred])
    n = len(s)
    greater = (s[:, None] > s[None, :]).astype(float) + 0.5 * (s[:, None] == s[None, :])
    pairs = np.sum(p[:, None] * (1 - p[None, :]) * greater)
    positives = np.sum(p)
    negatives = n - positives
    return {
        "accuracy": (n - fp - fn) / n,
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, positives),
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
        "auc": pairs / (positives * negatives) if positives > 0 and negatives > 0 else float("nan"),
        "predicted_positive_rate": np.mean(pred),
        "actual_positive_rate": positives / n,
    }


def cases(rng):
    for case in range(40):
        style = ["continuous", "ties", "miscalibrated", "few"][case % 4]
        m = 12 if style == "few" else int(rng.integers(50, 400))
        if style == "ties":
            ref_scores = rng.integers(0, 8, m) / 8.0
        else:
            ref_scores = rng.uniform(0, 1, m)
        truth = ref_scores ** 2 if style == "miscalibrated" else ref_scores
        ref_labels = (rng.uniform(0, 1, m) < truth).astype(float)
        n = int(rng.integers(5, 300))
        scores = rng.integers(0, 10, n) / 9.0 if style == "ties" else rng.uniform(-0.1, 1.1, n).clip(0, 1)
        threshold = float(rng.choice([0.3, 0.5, 0.7]))
        xs, fitted = isotonic(ref_scores, ref_labels)
        p = np.interp(scores, xs, fitted)
        yield case, style, threshold, ref_scores, ref_labels, scores, p, expected_metrics(scores, p, threshold)


def main():
    rng = np.random.default_rng(SEED)
    with open(os.path.join(OUT_DIR, "estimation_cases.tsv"), "w") as out:
        out.write("case\tstyle\tthreshold\tref_scores\tref_labels\tscores\tcalibrated\t" + "\t".join(METRICS) + "\n")
        for case, style, threshold, ref_scores, ref_labels, scores, p, metrics in cases(rng):
            out.write(f"{case}\t{style}\t{fmt(threshold)}\t{fmt_list(ref_scores)}\t{fmt_list(ref_labels)}\t"
                      f"{fmt_list(scores)}\t{fmt_list(p)}\t" + "\t".join(fmt(metrics[k]) for k in METRICS) + "\n")


if __name__ == "__main__":
    main()
