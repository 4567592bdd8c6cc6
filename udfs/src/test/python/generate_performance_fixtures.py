#!/usr/bin/env python3
"""Writes the SciPy/NumPy oracle fixtures that the Java performance-math tests compare against.

Run from the repository root:

    python3 udfs/src/test/python/generate_performance_fixtures.py

Output (deterministic for a given NumPy/SciPy version, seeded):

    udfs/src/test/resources/oracle/binary_cases.tsv       scores, labels, threshold and every metric
    udfs/src/test/resources/oracle/regression_cases.tsv   predictions, labels and every metric
    udfs/src/test/resources/oracle/wilson_cases.tsv       successes, trials and the 95% interval
    udfs/src/test/resources/oracle/paired_cases.tsv       per-day pairs, mean delta, SE, t interval
    udfs/src/test/resources/oracle/latency_cases.tsv      values and nearest-rank quantiles
    udfs/src/test/resources/oracle/multiclass_cases.tsv   class indices and accuracy, macro-F1, per class

AUC is U / (n_pos n_neg) with U from scipy.stats.mannwhitneyu; the other values are NumPy
formulas written from their definitions, never taken from the Java code under test.
"""

import math
import os

import numpy as np
from scipy.stats import mannwhitneyu, norm, t as student_t

SEED = 20261127
OUT_DIR = os.path.join("udfs", "src", "test", "resources", "oracle")
BINARY = ["accuracy", "precision", "recall", "f1", "auc", "log_loss", "brier", "ece",
          "predicted_positive_rate", "actual_positive_rate"]
REGRESSION = ["mae", "rmse", "mape", "r2", "mean_error", "mape_excluded"]
QUANTILES = [0.5, 0.95, 0.99, 1.0]


def fmt(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)


def fmt_list(xs):
    return ",".join(fmt(x) for x in xs)


def ratio(a, b):
    return a / b if b > 0 else float("nan")


def binary_metrics(p, y, threshold):
    pred = p >= threshold
    pos = y == 1
    tp = np.sum(pred & pos)
    fp = np.sum(pred & ~pos)
    fn = np.sum(~pred & pos)
    n = len(y)
    if pos.any() and (~pos).any():
        u = mannwhitneyu(p[pos], p[~pos], alternative="two-sided").statistic
        auc = u / (pos.sum() * (~pos).sum())
    else:
        auc = float("nan")
    clipped = np.clip(p, 1e-15, 1 - 1e-15)
    log_loss = -np.mean(y * np.log(clipped) + (1 - y) * np.log1p(-clipped))
    brier = np.mean((p - y) ** 2)
    bins = np.minimum(np.floor(p * 10).astype(int), 9)
    ece = 0.0
    for b in range(10):
        inside = bins == b
        if inside.any():
            ece += inside.sum() / n * abs(y[inside].mean() - p[inside].mean())
    return [ratio(n - fp - fn, n), ratio(tp, tp + fp), ratio(tp, pos.sum()), ratio(2 * tp, 2 * tp + fp + fn),
            auc, log_loss, brier, ece, ratio(tp + fp, n), ratio(pos.sum(), n)]


def binary_cases(rng):
    cases = []
    for _ in range(40):
        n = int(rng.choice([2, 5, 17, 100, 1000]))
        style = rng.choice(["continuous", "ties", "extreme"])
        if style == "continuous":
            p = rng.beta(0.8, 3.0, n)
        elif style == "ties":
            p = np.round(rng.uniform(0, 1, n), 1)
        else:
            p = rng.choice([0.0, 1e-20, 0.3, 0.5, 1.0], n)
        y = (rng.uniform(0, 1, n) < np.clip(p * rng.uniform(0.5, 1.5), 0, 1)).astype(float)
        threshold = float(rng.choice([0.1, 0.3, 0.5]))
        cases.append((style, threshold, p, y))
    cases.append(("one_class", 0.5, np.array([0.2, 0.7, 0.9]), np.array([1.0, 1.0, 1.0])))
    return cases


def regression_cases(rng):
    cases = []
    for _ in range(30):
        n = int(rng.choice([2, 10, 100, 1000]))
        y = np.round(rng.normal(10, 5, n), int(rng.choice([0, 2])))
        y[rng.uniform(0, 1, n) < 0.1] = 0.0
        pred = y + rng.normal(rng.uniform(-1, 1), rng.uniform(0.1, 3), n)
        cases.append((pred, y))
    cases.append((np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 2.0])))
    return cases


def regression_metrics(pred, y):
    e = pred - y
    nonzero = y != 0
    sst = np.sum((y - y.mean()) ** 2)
    return [np.mean(np.abs(e)), math.sqrt(np.mean(e ** 2)),
            np.mean(np.abs(e[nonzero] / y[nonzero])) if nonzero.any() else float("nan"),
            1 - np.sum(e ** 2) / sst if sst > 0 else float("nan"), np.mean(e), int((~nonzero).sum())]


def wilson(k, n, z):
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def paired(baseline, candidate):
    d = np.asarray(candidate) - np.asarray(baseline)
    n = len(d)
    se = np.std(d, ddof=1) / math.sqrt(n)
    q = student_t.ppf(0.975, n - 1)
    return d.mean(), se, d.mean() - q * se, d.mean() + q * se


def multiclass_metrics(pred, y, k):
    """Class indices 0..k-1 and k for any other class; per-class values for the k known classes."""
    accuracy = np.mean(pred == y)
    f1s = []
    for c in range(k + 1):
        actual = np.sum(y == c)
        predicted = np.sum(pred == c)
        if actual + predicted > 0:
            f1s.append(2 * np.sum((y == c) & (pred == c)) / (actual + predicted))
    recall = [ratio(np.sum((y == c) & (pred == c)), np.sum(y == c)) for c in range(k)]
    share = [np.sum(pred == c) / len(y) for c in range(k)]
    return [accuracy, np.mean(f1s)] + recall + share


def main():
    rng = np.random.default_rng(SEED)
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "binary_cases.tsv"), "w") as out:
        out.write("case\tstyle\tthreshold\tscores\tlabels\t" + "\t".join(BINARY) + "\n")
        for i, (style, threshold, p, y) in enumerate(binary_cases(rng)):
            values = binary_metrics(p, y, threshold)
            out.write(f"{i}\t{style}\t{fmt(threshold)}\t{fmt_list(p)}\t{fmt_list(y)}\t"
                      + "\t".join(fmt(v) for v in values) + "\n")
    with open(os.path.join(OUT_DIR, "regression_cases.tsv"), "w") as out:
        out.write("case\tpredictions\tlabels\t" + "\t".join(REGRESSION) + "\n")
        for i, (pred, y) in enumerate(regression_cases(rng)):
            out.write(f"{i}\t{fmt_list(pred)}\t{fmt_list(y)}\t"
                      + "\t".join(fmt(v) for v in regression_metrics(pred, y)) + "\n")
    z = norm.ppf(0.975)
    with open(os.path.join(OUT_DIR, "wilson_cases.tsv"), "w") as out:
        out.write("case\tsuccesses\ttrials\tlower\tupper\n")
        pairs = [(0, 1), (1, 1), (0, 10), (10, 10), (3, 10), (50, 100), (1, 1000), (999, 1000), (12345, 67890)]
        pairs += [(int(k), int(n)) for n in rng.integers(1, 5000, 20) for k in [rng.integers(0, n + 1)]]
        for i, (k, n) in enumerate(pairs):
            lower, upper = wilson(k, n, z)
            out.write(f"{i}\t{k}\t{n}\t{fmt(lower)}\t{fmt(upper)}\n")
    with open(os.path.join(OUT_DIR, "paired_cases.tsv"), "w") as out:
        out.write("case\tbaseline\tcandidate\tmean_delta\tstandard_error\tlower\tupper\n")
        cases = [([0.72, 0.73, 0.71, 0.74, 0.72], [0.74, 0.75, 0.73, 0.76, 0.75])]
        for _ in range(15):
            n = int(rng.integers(2, 30))
            base = rng.uniform(0.6, 0.9, n)
            cases.append((base, base + rng.normal(rng.uniform(-0.02, 0.02), 0.01, n)))
        for i, (base, cand) in enumerate(cases):
            values = paired(base, cand)
            out.write(f"{i}\t{fmt_list(base)}\t{fmt_list(cand)}\t" + "\t".join(fmt(v) for v in values) + "\n")
    with open(os.path.join(OUT_DIR, "latency_cases.tsv"), "w") as out:
        out.write("case\tvalues\t" + "\t".join(f"q{q}" for q in QUANTILES) + "\n")
        for i in range(12):
            n = int(rng.choice([1, 7, 100, 4096, 4097, 30000]))
            values = np.round(rng.lognormal(math.log(38), 0.5, n), 2)
            if i % 4 == 0:
                values[: n // 10] = 0.0
            qs = [np.quantile(values, q, method="inverted_cdf") for q in QUANTILES]
            out.write(f"{i}\t{fmt_list(values)}\t" + "\t".join(fmt(v) for v in qs) + "\n")

    with open(os.path.join(OUT_DIR, "multiclass_cases.tsv"), "w") as out:
        out.write("case\tclasses\tpredictions\tlabels\texpected\n")
        for i in range(25):
            k = int(rng.integers(2, 6))
            n = int(rng.choice([1, 5, 40, 500]))
            y = rng.integers(0, k + 1, n)
            pred = np.where(rng.uniform(0, 1, n) < rng.uniform(0.3, 0.9), y, rng.integers(0, k + 1, n))
            out.write(f"{i}\t{k}\t{fmt_list(pred)}\t{fmt_list(y)}\t{fmt_list(multiclass_metrics(pred, y, k))}\n")


if __name__ == "__main__":
    main()
