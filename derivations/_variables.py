"""The premises' own variables: what an instance of a premise substitutes.

`Instance(P.MARKOV, {P.var.X: ..., P.var.a: 1})`. Where two premises use the same letter
with different assumptions the attribute says which (`var.index`, an integer summation
index, and `var.k`, a count in 0..n; `var.threshold`, an integer t; `var.x_count`,
`var.y_count`, the counts of two binomials).
"""
from __future__ import annotations

from types import SimpleNamespace

import sympy as sp

__all__ = ["var"]

#: The premises' variables, by name.
var = SimpleNamespace()

# probability
var.X = sp.Symbol("X", real=True)
var.a = sp.Symbol("a", real=True)
var.x = sp.Symbol("x", real=True)
var.t = sp.Symbol("t", real=True)
var.A = sp.Symbol("A")
var.g = sp.Function("g")
var.Xs = sp.IndexedBase("X")

# concentration
var.mu = sp.Symbol("mu", real=True)
var.s = sp.Symbol("s", real=True)
var.b = sp.Symbol("b", real=True)

# unions, sums, minima and maxima
var.event = sp.Function("A")
var.index = sp.Symbol("k", integer=True)
var.f = sp.Function("f")
var.h = sp.Function("h")
var.c = sp.Symbol("c", real=True)
var.e = sp.Symbol("e", real=True)

# two points (laws P and Q)
var.P = sp.Symbol("P")
var.Q = sp.Symbol("Q")

# Fano
var.K = sp.Symbol("K", positive=True)
var.p = sp.Symbol("p", real=True)

# exact sums: counts and binomials
var.N = sp.Symbol("N", integer=True, nonnegative=True)
var.N2 = sp.Symbol("N_2", integer=True, nonnegative=True)
var.p2 = sp.Symbol("p_2", real=True)
var.threshold = sp.Symbol("t", integer=True)
var.k = sp.Symbol("k", integer=True, nonnegative=True)
var.x_count = sp.Symbol("x", integer=True, nonnegative=True)
var.y_count = sp.Symbol("y", integer=True, nonnegative=True)
var.B = sp.Symbol("B")

# the latent-correctness model: an unaligned policy j and whether it separates on a label
var.j = sp.Symbol("j")
var.sep = sp.Function("sep")
