#!/usr/bin/env python3
"""Writes the NumPy/SciPy oracle fixtures of the domain classifier (embedding drift).

Run from the repository root:

    python3 udfs/src/test/python/generate_domain_classifier_fixtures.py

Output (deterministic for a given NumPy/SciPy version, seeded):

    udfs/src/test/resources/oracle/domain_classifier_cases.tsv  reference and current rows, the
        weights of the penalised logistic regression fitted on all rows, and the cross-validated
        ROC AUC of its out-of-fold scores

The model, as documented in DomainClassifier.java: features standardised by the pooled mean and
(population) standard deviation, a constant feature appended, the penalty (LAMBDA / 2) |w|^2 on
every weight; row i of each side in fold i mod FOLDS. The fit here is SciPy's trust-region Newton
(polished by plain Newton steps) on the full feature space (never the row-span shortcut the Java code takes when features outnumber
rows), and the AUC is the Mann-Whitney U statistic of SciPy over n_ref n_cur.
"""

import os

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from scipy.stats import mannwhitneyu

from generate_oracle_fixtures import fmt, fmt_list

SEED = 20261204
OUT = os.path.join("udfs", "src", "test", "resources", "oracle", "domain_classifier_cases.tsv")
FOLDS = 5
LAMBDA = 1.0
COLUMNS = ["case", "kind", "dim", "ref", "cur", "weights", "auc"]


def standardized(ref, cur):
    pooled = np.vstack([ref, cur])
    sd = pooled.std(axis=0)
    z = np.where(sd > 0, (pooled - pooled.mean(axis=0)) / np.where(sd > 0, sd, 1), 0.0)
    return np.hstack([z, np.ones((len(pooled), 1))])


def fit(x, y):
    def loss(w):
        f = x @ w
        return np.sum(np.logaddexp(0, f) - y * f) + LAMBDA / 2 * w @ w

    def grad(w):
        return x.T @ (expit(x @ w) - y) + LAMBDA * w

    def hess(w):
        p = expit(x @ w)
        return (x.T * (p * (1 - p))) @ x + LAMBDA * np.eye(x.shape[1])

    w = minimize(loss, np.zeros(x.shape[1]), jac=grad, hess=hess, method="trust-exact",
                 options={"gtol": 1e-10, "maxiter": 500}).x
    # trust-exact may stop a hair short of the optimum; a few full Newton steps from there reach it.
    for _ in range(20):
        w = w - np.linalg.solve(hess(w), grad(w))
    assert np.max(np.abs(grad(w))) < 1e-9
    return w


def cross_validated_auc(ref, cur):
    x = standardized(ref, cur)
    y = np.r_[np.zeros(len(ref)), np.ones(len(cur))]
    fold = np.r_[np.arange(len(ref)) % FOLDS, np.arange(len(cur)) % FOLDS]
    score = np.empty(len(x))
    for f in range(FOLDS):
        w = fit(x[fold != f], y[fold != f])
        score[fold == f] = x[fold == f] @ w
    u = mannwhitneyu(score[y == 1], score[y == 0]).statistic
    return u / (len(ref) * len(cur)), fit(x, y)


def cases(rng):
    """(kind, ref, cur): no change, mean shifts, a topic mixture shift, a constant dimension, and
    more dimensions than training rows."""
    out = []
    for dim, n_ref, n_cur in [(2, 60, 60), (8, 200, 200), (8, 150, 90), (32, 200, 200), (64, 40, 40),
                              (120, 50, 60)]:
        ref = rng.standard_normal((n_ref, dim))
        out.append(("no_change", ref, rng.standard_normal((n_cur, dim))))
        shift = np.zeros(dim)
        shift[0] = 0.4
        out.append(("small_shift", ref, rng.standard_normal((n_cur, dim)) + shift))
        out.append(("large_shift", ref, rng.standard_normal((n_cur, dim)) + 1.5 * rng.standard_normal(dim)))
        centres = 3 * rng.standard_normal((4, dim))
        topics = centres[rng.choice(4, n_ref, p=[0.4, 0.3, 0.2, 0.1])] + rng.standard_normal((n_ref, dim))
        moved = centres[rng.choice(4, n_cur, p=[0.1, 0.2, 0.3, 0.4])] + rng.standard_normal((n_cur, dim))
        out.append(("topic_shift", topics, moved))
    constant = rng.standard_normal((80, 6))
    constant[:, 2] = 5.0
    other = rng.standard_normal((80, 6)) + 0.5
    other[:, 2] = 5.0
    out.append(("constant_dimension", constant, other))
    return out


def main():
    rng = np.random.default_rng(SEED)
    lines = ["\t".join(COLUMNS)]
    for case, (kind, ref, cur) in enumerate(cases(rng)):
        # Six decimals keep the file small; the rounded rows are the inputs of both sides.
        ref, cur = np.round(ref, 6), np.round(cur, 6)
        auc, weights = cross_validated_auc(ref, cur)
        lines.append("\t".join([str(case), kind, str(ref.shape[1]), fmt_list(ref.ravel()), fmt_list(cur.ravel()),
                                fmt_list(weights), fmt(auc)]))
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines) - 1} cases to {OUT}")


if __name__ == "__main__":
    main()
