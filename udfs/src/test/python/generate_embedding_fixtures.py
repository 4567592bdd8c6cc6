#!/usr/bin/env python3
"""Writes the NumPy/SciPy oracle fixtures of the embedding drift math.

Run from the repository root:

    python3 udfs/src/test/python/generate_embedding_fixtures.py

Output (deterministic for a given NumPy/SciPy version, seeded):

    udfs/src/test/resources/oracle/embedding_cases.tsv  reference and current rows, projection
        directions, and the expected mean-vector distances, per-projection PSI and Wasserstein
        (binned as for a numeric column) with their aggregates, the median pairwise distance, the
        exact MMD^2 and the spread of its random-feature estimate at D = 256 and 2048

Every expected value comes from NumPy/SciPy formulas, never from the Java code under test.
"""

import os

import numpy as np
from scipy.spatial.distance import cosine, pdist
from scipy.stats import wasserstein_distance

from generate_oracle_fixtures import fmt, fmt_list

SEED = 20261203
OUT = os.path.join("udfs", "src", "test", "resources", "oracle", "embedding_cases.tsv")
MIN_STDDEV = 1e-3
SMOOTHING = 0.5
PSI_THRESHOLD = 0.1
RFF_DRAWS = 200
COLUMNS = ["case", "kind", "dim", "bins", "ref", "cur", "directions",
           "cosine_distance", "normalized_euclidean", "sliced_wasserstein", "max_wasserstein",
           "sliced_wasserstein_normalized", "mean_psi", "max_psi", "share_past_psi",
           "raw_sliced_wasserstein", "median_distance", "mmd2", "rff_mean_256", "rff_sd_256",
           "rff_mean_2048", "rff_sd_2048"]


def unit_directions(rng, dim, k):
    u = rng.standard_normal((k, dim))
    return u / np.linalg.norm(u, axis=1, keepdims=True)


def binned_projection(ref, cur, bins):
    """PSI and Wasserstein of one projection as the job computes a numeric column's."""
    cuts = np.unique(np.quantile(ref, [j / bins for j in range(1, bins)], method="linear"))
    nb = len(cuts) + 1
    rb = np.searchsorted(cuts, ref, side="right")
    cb = np.searchsorted(cuts, cur, side="right")
    rc = np.bincount(rb, minlength=nb).astype(float)
    cc = np.bincount(cb, minlength=nb).astype(float)
    # Points: the reference's bin means, else the bin's midpoint (the cut itself for the outer bins);
    # the open outer bins sit at each side's own mean.
    fallback = np.empty(nb)
    fallback[0] = cuts[0] if len(cuts) else 0.0
    fallback[-1] = cuts[-1] if len(cuts) else 0.0
    for i in range(1, len(cuts)):
        fallback[i] = (cuts[i - 1] + cuts[i]) / 2
    ref_points = np.array([ref[rb == i].mean() if rc[i] else fallback[i] for i in range(nb)])
    cur_points = ref_points.copy()
    for i in (0, nb - 1):
        if cc[i]:
            cur_points[i] = cur[cb == i].mean()
    w = wasserstein_distance(ref_points, cur_points, rc, cc)
    p = (rc + SMOOTHING) / (rc.sum() + nb * SMOOTHING)
    q = (cc + SMOOTHING) / (cc.sum() + nb * SMOOTHING)
    psi = float(np.sum((q - p) * np.log(q / p)))
    return psi, w, w / max(ref.std(), MIN_STDDEV)


def rbf(a, b, sigma):
    d2 = np.sum(a * a, 1)[:, None] + np.sum(b * b, 1)[None, :] - 2 * a @ b.T
    return np.exp(-np.maximum(d2, 0) / (2 * sigma * sigma))


def mmd2(x, y, sigma):
    """The biased (V-statistic) MMD^2 under the RBF kernel."""
    return rbf(x, x, sigma).mean() + rbf(y, y, sigma).mean() - 2 * rbf(x, y, sigma).mean()


def rff_spread(rng, x, y, sigma, features):
    """Mean and standard deviation of the random-feature MMD^2 estimate over independent draws."""
    estimates = []
    for _ in range(RFF_DRAWS):
        w = rng.standard_normal((x.shape[1], features)) / sigma
        b = rng.uniform(0, 2 * np.pi, features)
        zx = np.sqrt(2 / features) * np.cos(x @ w + b)
        zy = np.sqrt(2 / features) * np.cos(y @ w + b)
        estimates.append(np.sum((zx.mean(0) - zy.mean(0)) ** 2))
    return float(np.mean(estimates)), float(np.std(estimates, ddof=1))


def cases(rng):
    """(kind, ref, cur) samples: no change, mean shifts, a scale change, a topic mixture shift."""
    out = []
    for dim in (2, 8, 32):
        for kind in ("same", "mean-shift-small", "mean-shift-large", "scale", "topics", "offset"):
            n = int(rng.integers(60, 300))
            m = int(rng.integers(60, 300))
            ref = rng.standard_normal((n, dim))
            cur = rng.standard_normal((m, dim))
            if kind == "mean-shift-small":
                cur[:, 0] += 0.3
            elif kind == "mean-shift-large":
                cur += 2.0 / np.sqrt(dim)
            elif kind == "scale":
                cur *= 1.8
            elif kind == "topics":
                # Rows near one of four topic centres; the day's topic shares move.
                centres = rng.standard_normal((4, dim)) * 3
                ref = centres[rng.choice(4, n, p=[0.4, 0.3, 0.2, 0.1])] + 0.5 * rng.standard_normal((n, dim))
                cur = centres[rng.choice(4, m, p=[0.1, 0.2, 0.3, 0.4])] + 0.5 * rng.standard_normal((m, dim))
            elif kind == "offset":
                # Mean rows far from the origin: the cosine distance is small though the rows moved.
                ref += 10
                cur += 10.5
            out.append((kind, ref, cur))
    return out


def main():
    rng = np.random.default_rng(SEED)
    lines = ["\t".join(COLUMNS)]
    for case, (kind, ref, cur) in enumerate(cases(rng)):
        dim = ref.shape[1]
        bins = int(rng.choice([5, 10, 20]))
        k = 16
        directions = unit_directions(rng, dim, k)
        projected = [binned_projection(ref @ u, cur @ u, bins) for u in directions]
        psi = np.array([p[0] for p in projected])
        w = np.array([p[1] for p in projected])
        wn = np.array([p[2] for p in projected])
        raw = np.mean([wasserstein_distance(ref @ u, cur @ u) for u in directions])
        spread = np.sqrt(ref.var(axis=0).sum())
        sigma = float(np.median(pdist(ref)))
        exact = mmd2(ref, cur, sigma)
        m256, s256 = rff_spread(rng, ref, cur, sigma, 256)
        m2048, s2048 = rff_spread(rng, ref, cur, sigma, 2048)
        row = [str(case), kind, str(dim), str(bins), fmt_list(ref.ravel()), fmt_list(cur.ravel()),
               fmt_list(directions.ravel()),
               fmt(cosine(ref.mean(0), cur.mean(0))),
               fmt(np.linalg.norm(ref.mean(0) - cur.mean(0)) / max(spread, MIN_STDDEV)),
               fmt(w.mean()), fmt(w.max()), fmt(wn.mean()), fmt(psi.mean()), fmt(psi.max()),
               fmt(np.mean(psi >= PSI_THRESHOLD)), fmt(raw), fmt(sigma), fmt(exact),
               fmt(m256), fmt(s256), fmt(m2048), fmt(s2048)]
        lines.append("\t".join(row))
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines) - 1} cases to {OUT}")


if __name__ == "__main__":
    main()
