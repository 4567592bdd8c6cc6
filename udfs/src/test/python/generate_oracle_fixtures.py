#!/usr/bin/env python3
"""Writes the SciPy/NumPy oracle fixtures that the Java drift-math tests compare against.

Run from the repository root:

    python3 udfs/src/test/python/generate_oracle_fixtures.py

Output (deterministic for a given NumPy/SciPy version, seeded):

    udfs/src/test/resources/oracle/histogram_pairs.tsv  inputs: counts, points, smoothing
    udfs/src/test/resources/oracle/drift_metrics.tsv    expected value of every metric per pair
    udfs/src/test/resources/oracle/quantile_cuts.tsv    samples and their deduplicated quantile cuts
    udfs/src/test/resources/oracle/bh_adjusted.tsv      p-value families and their Benjamini-Hochberg adjustment
    udfs/src/test/resources/oracle/raw_shifts.tsv       raw samples moved past the reference's range, their cuts,
                                                        and Wasserstein and energy distance on the raw values

Every expected value comes from SciPy or from the NumPy formula of the metric definitions in
README.md (How it works, Metrics), never from the Java code under test.
"""

import math
import os
import sys
from decimal import Decimal, localcontext

import numpy as np
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2, chi2_contingency, energy_distance, entropy, wasserstein_distance

SEED = 20260101
OUT_DIR = os.path.join("udfs", "src", "test", "resources", "oracle")
MAX_TOTAL = 10**7

# Order of the columns in drift_metrics.tsv, named by the keys of the Java registry
# (DriftMeasure), whose test reads the column of every measure.
METRICS = [
    "psi", "kl", "psi_p_value", "expected_psi",
    "js_distance", "js_divergence", "hellinger", "tv", "l_infinity", "ks_statistic",
    "wasserstein", "wasserstein_normalized", "energy_distance",
    "chi2_statistic", "chi2_p_value", "g_statistic", "g_p_value",
]
MIN_STDDEV = 1e-3


def fmt(x):
    """Shortest text that parses back to the same double, spelled the way Java parses it."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)


def fmt_list(xs, f=fmt):
    return ",".join(f(x) for x in xs)


# ---------------------------------------------------------------------------------------------
# Histogram pairs


def log_uniform_int(rng, lo, hi):
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def shares(rng, bins, concentration=None):
    alpha = concentration if concentration is not None else rng.choice([0.3, 1.0, 5.0])
    return rng.dirichlet(np.full(bins, alpha))


def drifted(rng, p, strength):
    """A distribution moved away from p by mixing in a fresh one."""
    return (1 - strength) * p + strength * shares(rng, len(p))


def draw(rng, total, p):
    return rng.multinomial(total, p / p.sum()).astype(np.int64)


def force_zero_bins(rng, ref, cur):
    """Empties some bins on one side and some on both, keeping both totals positive."""
    bins = len(ref)
    for side in (ref, cur):
        for i in rng.choice(bins, size=rng.integers(1, max(2, bins // 3)), replace=False):
            if side.sum() - side[i] > 0:
                side[i] = 0
    for i in rng.choice(bins, size=rng.integers(1, max(2, bins // 4)), replace=False):
        if ref.sum() - ref[i] > 0 and cur.sum() - cur[i] > 0:
            ref[i] = 0
            cur[i] = 0


def make_points(rng, bins):
    scale = 10 ** rng.uniform(-3, 6)
    style = rng.choice(["sorted", "unsorted", "ties"], p=[0.5, 0.35, 0.15])
    points = rng.normal(0, scale) + np.cumsum(rng.exponential(scale, size=bins))
    if style == "ties" and bins > 2:
        i = rng.integers(0, bins - 1)
        points[i + 1] = points[i]
    if style != "sorted":
        points = rng.permutation(points)
    return style, points


def pair_cases(rng):
    """(kind, ref, cur) triples covering the regimes the metrics must survive."""
    cases = []

    def random_pair(kind, drift, m=None, n=None, bins=None):
        bins = bins or int(rng.integers(2, 101))
        m = m or log_uniform_int(rng, 1, MAX_TOTAL)
        n = n or log_uniform_int(rng, 1, MAX_TOTAL)
        p = shares(rng, bins)
        q = drifted(rng, p, rng.uniform(0.05, 1.0)) if drift else p
        cases.append((kind, draw(rng, m, p), draw(rng, n, q)))

    for _ in range(70):
        random_pair("same-distribution", drift=False)
    for _ in range(70):
        random_pair("drifted", drift=True)
    for _ in range(30):
        # Large and nearly equal: tiny statistics, where cancellation would show.
        random_pair("large-close", drift=False,
                    m=log_uniform_int(rng, 10**6, MAX_TOTAL), n=log_uniform_int(rng, 10**6, MAX_TOTAL))
    for _ in range(60):
        bins = int(rng.integers(3, 101))
        p = shares(rng, bins)
        ref = draw(rng, log_uniform_int(rng, 10, MAX_TOTAL), p)
        cur = draw(rng, log_uniform_int(rng, 10, MAX_TOTAL), drifted(rng, p, rng.uniform(0, 0.5)))
        force_zero_bins(rng, ref, cur)
        cases.append(("zero-bins", ref, cur))
    for i in range(30):
        bins = int(rng.integers(2, 101))
        p = shares(rng, bins)
        big, small = draw(rng, MAX_TOTAL, p), draw(rng, int(rng.integers(1, 11)), drifted(rng, p, 0.3))
        cases.append(("imbalanced", big, small) if i % 2 == 0 else ("imbalanced", small, big))
    for _ in range(30):
        random_pair("tiny-totals", drift=bool(rng.integers(0, 2)),
                    m=int(rng.integers(1, 6)), n=int(rng.integers(1, 6)), bins=int(rng.integers(2, 12)))
    for _ in range(10):
        bins = int(rng.integers(1, 40))
        ref, cur = np.zeros(bins, np.int64), np.zeros(bins, np.int64)
        i = rng.integers(0, bins)
        ref[i], cur[i] = log_uniform_int(rng, 1, MAX_TOTAL), log_uniform_int(rng, 1, MAX_TOTAL)
        cases.append(("single-non-empty-bin", ref, cur))
    for _ in range(10):
        bins = int(rng.integers(2, 60))
        ref, cur = np.zeros(bins, np.int64), np.zeros(bins, np.int64)
        i, j = rng.choice(bins, size=2, replace=False)
        ref[i], cur[j] = log_uniform_int(rng, 1, MAX_TOTAL), log_uniform_int(rng, 1, MAX_TOTAL)
        cases.append(("disjoint-support", ref, cur))
    for _ in range(20):
        bins = int(rng.integers(2, 101))
        ref = draw(rng, log_uniform_int(rng, 1, 10**6), shares(rng, bins))
        cur = ref * int(rng.integers(1, 8))
        cases.append(("proportional", ref, cur))
    return cases


def choose_smoothing(rng, ref, cur):
    # a = 0 is only defined (finite) when no bin is empty on either side.
    if (ref > 0).all() and (cur > 0).all() and rng.random() < 0.5:
        return 0.0
    return float(rng.choice([0.5, 0.5, 0.5, 1.0, 0.1, 2.0]))


def smoothed(counts, a):
    return (counts + a) / (counts.sum() + len(counts) * a)


def g_statistic_exact(table):
    """G = 2 sum o ln(o N / (r c)) in 50-digit decimal arithmetic on the exact integer ratios.

    SciPy's float evaluation of the same sum cancels between cells on large, nearly equal
    histograms (relative error up to about 1e-8 there), so its statistic checks this one to
    1e-6 and the digits come from here.
    """
    grand = int(table.sum())
    rows = [int(x) for x in table.sum(axis=1)]
    columns = [int(x) for x in table.sum(axis=0)]
    with localcontext() as ctx:
        ctx.prec = 50
        g = Decimal(0)
        for i, row in enumerate(table):
            for j, observed in enumerate(row):
                observed = int(observed)
                if observed:
                    g += observed * (Decimal(observed * grand) / Decimal(rows[i] * columns[j])).ln()
        return float(2 * g)


def expected_metrics(ref, cur, a, points, ref_stddev):
    m, n = int(ref.sum()), int(cur.sum())
    p_raw, q_raw = ref / m, cur / n
    p, q = smoothed(ref, a), smoothed(cur, a)

    pooled = (ref + cur) > 0
    table = np.vstack([ref[pooled], cur[pooled]])
    df = int(pooled.sum()) - 1
    chi2_res = chi2_contingency(table, correction=False)
    g_res = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    g = g_statistic_exact(table)
    if not math.isclose(g, g_res.statistic, rel_tol=1e-6, abs_tol=1e-9):
        sys.exit(f"G disagrees with SciPy: {g} vs {g_res.statistic} for {table.tolist()}")
    # chi2_contingency's p-value is chi2.sf(G, df); evaluate it at the accurate G.
    g_pvalue = float(chi2.sf(g, df)) if df > 0 else float(g_res.pvalue)

    psi = float(np.sum((q - p) * np.log(q / p)))
    # With one non-empty bin there is no degree of freedom and nothing to test: p-value 1.
    psi_pvalue = float(chi2.sf(psi / (1 / n + 1 / m), df)) if df > 0 else 1.0
    js = float(jensenshannon(ref, cur))
    w = float(wasserstein_distance(points, points, ref, cur))

    values = {
        "psi": psi,
        "kl": float(entropy(q, p)),
        "psi_p_value": psi_pvalue,
        "expected_psi": df * (1 / n + 1 / m),
        "js_distance": js,
        "js_divergence": js * js,
        "hellinger": float(np.sqrt(np.sum((np.sqrt(p_raw) - np.sqrt(q_raw)) ** 2) / 2)),
        "tv": float(np.sum(np.abs(p_raw - q_raw)) / 2),
        "l_infinity": float(np.max(np.abs(p_raw - q_raw))),
        "ks_statistic": float(np.max(np.abs(np.cumsum(p_raw) - np.cumsum(q_raw)))),
        "wasserstein": w,
        "wasserstein_normalized": w / max(ref_stddev, MIN_STDDEV),
        "energy_distance": float(energy_distance(points, points, ref, cur)),
        "chi2_statistic": float(chi2_res.statistic),
        "chi2_p_value": float(chi2_res.pvalue),
        "g_statistic": g,
        "g_p_value": g_pvalue,
    }
    for name, value in values.items():
        if not math.isfinite(value):
            sys.exit(f"oracle produced a non-finite {name} ({value}) for ref={ref.tolist()} cur={cur.tolist()} a={a}")
    return [values[name] for name in METRICS]


def write_pairs(rng):
    cases = pair_cases(rng)
    with open(os.path.join(OUT_DIR, "histogram_pairs.tsv"), "w") as inputs, \
            open(os.path.join(OUT_DIR, "drift_metrics.tsv"), "w") as expected:
        inputs.write("case\tkind\tsmoothing\tref_stddev\tpoints_order\tref\tcur\tpoints\n")
        expected.write("case\t" + "\t".join(METRICS) + "\n")
        for case, (kind, ref, cur) in enumerate(cases):
            a = choose_smoothing(rng, ref, cur)
            style, points = make_points(rng, len(ref))
            ref_stddev = float(rng.choice([0.0, 1e-4, 10 ** rng.uniform(-2, 5)]))
            inputs.write(f"{case}\t{kind}\t{fmt(a)}\t{fmt(ref_stddev)}\t{style}\t"
                         f"{fmt_list(ref, str)}\t{fmt_list(cur, str)}\t{fmt_list(points)}\n")
            values = expected_metrics(ref, cur, a, points, ref_stddev)
            expected.write(f"{case}\t" + "\t".join(fmt(v) for v in values) + "\n")
    return len(cases)


# ---------------------------------------------------------------------------------------------
# Quantile cut points


def sample_cases(rng):
    cases = []
    for _ in range(70):
        size = int(rng.integers(1, 121))
        cases.append(("continuous", rng.normal(rng.uniform(-100, 100), 10 ** rng.uniform(-3, 4), size)))
    for _ in range(40):
        size = int(rng.integers(1, 121))
        cases.append(("low-cardinality", rng.integers(-2, int(rng.integers(0, 6)), size).astype(float)))
    for _ in range(20):
        cases.append(("constant", np.full(int(rng.integers(1, 60)), round(rng.normal(0, 50), 3))))
    for _ in range(30):
        size = int(rng.integers(2, 100))
        heavy = np.round(rng.exponential(3, size), 1)
        heavy[rng.random(size) < 0.6] = 0.0  # zero-inflated, like counts or amounts
        cases.append(("zero-inflated", heavy))
    for _ in range(30):
        size = int(rng.integers(1, 80))
        values = rng.lognormal(0, 2, size)
        specials = rng.choice([np.nan, np.inf, -np.inf], size=int(rng.integers(1, 6)))
        cases.append(("with-non-finite", rng.permutation(np.concatenate([values, specials]))))
    for _ in range(20):
        size = int(rng.integers(2, 60))
        cases.append(("single-outlier", np.concatenate([np.full(size, 1.5), [1e9]])))
    return cases


def write_quantiles(rng):
    cases = sample_cases(rng)
    with open(os.path.join(OUT_DIR, "quantile_cuts.tsv"), "w") as out:
        out.write("case\tkind\tbins\tsample\tcuts\n")
        for case, (kind, sample) in enumerate(cases):
            bins = int(rng.choice([2, 3, 4, 5, 10, 10, 10, 20, 50, 100]))
            finite = sample[np.isfinite(sample)]
            probabilities = [j / bins for j in range(1, bins)]
            # The binning contract (README.md, How it works, Binning): non-finite values are ignored,
            # duplicate cuts collapse.
            cuts = np.unique(np.quantile(finite, probabilities, method="linear")) if finite.size else []
            out.write(f"{case}\t{kind}\t{bins}\t{fmt_list(sample)}\t{fmt_list(cuts)}\n")
    return len(cases)


# ---------------------------------------------------------------------------------------------
# Benjamini-Hochberg adjusted p-values


def write_fdr(rng):
    """Families of p-values (with ties, zeros, ones and NaN gaps) and SciPy's BH adjustment."""
    cases = 0
    with open(os.path.join(OUT_DIR, "bh_adjusted.tsv"), "w") as out:
        out.write("case\tp_values\tadjusted\n")
        for case in range(200):
            m = int(rng.integers(1, 60))
            p = rng.uniform(0, 1, m) ** float(rng.choice([1, 3, 10]))
            if m > 3 and case % 5 == 0:
                p[rng.integers(0, m, 2)] = p[0]  # ties
            if case % 7 == 0:
                p[rng.integers(0, m)] = 0.0
            if case % 11 == 0:
                p[rng.integers(0, m)] = 1.0
            nan = rng.uniform(0, 1, m) < (0.2 if case % 3 == 0 else 0)
            adjusted = np.full(m, np.nan)
            if (~nan).any():
                adjusted[~nan] = scipy.stats.false_discovery_control(p[~nan], method="bh")
            p = np.where(nan, np.nan, p)
            out.write(f"{case}\t{fmt_list(p)}\t{fmt_list(adjusted)}\n")
            cases += 1
    return cases


# ---------------------------------------------------------------------------------------------
# Raw samples moved past the reference's range


def raw_shift_cases(rng):
    """A reference of k distinct values, cut halfway between them so each bin holds one value, and
    a current sample on the same inner values whose outer bins each hold one value, often far past
    the reference's range. Binned with each side's outer bins at its own mean, the histograms then
    carry the raw values exactly, so SciPy on the raw values is the oracle."""
    cases = [("constant-shift", np.full(50, 7.0), np.full(40, 8.0), np.array([7.0]))]
    for case in range(40):
        k = int(rng.integers(2, 9))
        values = np.unique(np.round(rng.normal(0, 10 ** rng.uniform(-1, 3), k), 3))
        if values.size < 2:
            continue
        cuts = (values[:-1] + values[1:]) / 2
        ref = np.repeat(values, rng.integers(1, 40, values.size))
        cur_values = values.copy()
        span = values[-1] - values[0]
        if case % 3 != 1:  # the top bin moves up (within its bin or far past the maximum)
            cur_values[-1] = values[-1] + span * float(rng.choice([0.1, 1.0, 10.0, 1000.0]))
        if case % 3 != 0:  # the bottom bin moves down
            cur_values[0] = values[0] - span * float(rng.choice([0.1, 1.0, 10.0, 1000.0]))
        cur = np.repeat(cur_values, rng.integers(0, 40, values.size))
        if cur.size == 0:
            continue
        cases.append(("outer-shift", ref, rng.permutation(cur), cuts))
    return cases


def write_raw_shifts(rng):
    cases = raw_shift_cases(rng)
    with open(os.path.join(OUT_DIR, "raw_shifts.tsv"), "w") as out:
        out.write("case\tkind\tref\tcur\tcuts\twasserstein\tenergy_distance\n")
        for case, (kind, ref, cur, cuts) in enumerate(cases):
            out.write(f"{case}\t{kind}\t{fmt_list(ref)}\t{fmt_list(cur)}\t{fmt_list(cuts)}\t"
                      f"{fmt(wasserstein_distance(ref, cur))}\t{fmt(energy_distance(ref, cur))}\n")
    return len(cases)


def main():
    if not os.path.isdir(os.path.join("udfs", "src", "test")):
        sys.exit("run from the repository root: python3 udfs/src/test/python/generate_oracle_fixtures.py")
    os.makedirs(OUT_DIR, exist_ok=True)
    rng = np.random.default_rng(SEED)
    pairs = write_pairs(rng)
    samples = write_quantiles(rng)
    families = write_fdr(np.random.default_rng(SEED + 1))
    shifts = write_raw_shifts(np.random.default_rng(SEED + 2))
    print(f"numpy {np.__version__}, scipy {scipy.__version__}: {pairs} histogram pairs, {samples} quantile samples, "
          f"{families} p-value families, {shifts} raw shifts written to {OUT_DIR}")


if __name__ == "__main__":
    main()
