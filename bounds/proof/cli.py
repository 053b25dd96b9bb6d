r"""`bounds derivations check|list`: the checker on the command line.

`check` prints every step's status, whether the final relation is the bound's, whether the
bound's numeric kernel agrees with that relation, and why a derivation fails when a premise
fails its spot check or a lemma it uses fails; `-v` adds each step's relation and how it was
established, and each premise's spot check (or why it has none). The exit code is 0 when
everything checks, 1 otherwise (2 for a usage error).
"""
from __future__ import annotations

import json
import sys
import time

import sympy as sp

from .checker import check_all, derivations_package, load
from .status import Status

__all__ = ["cli"]


def _status_mark(s):
    return {"proved": "proved ", "lemma": "lemma  ", "cited": "cited  ", "numeric": "NUMERIC", "false": "FALSE  "}.get(s, s)


def cli(args) -> int:
    r"""`bounds derivations check|list [ids] [-v]`: check derivations and print every step's status.

    Parameters
    ----------
    args : argparse.Namespace
        With `action` ('check' or 'list'), `ids` (list of str), `verbose` (bool) and
        `json` (bool).

    Returns
    -------
    int
        0 if every derivation checks (steps, final relation, kernel, premises, lemmas),
        1 otherwise, 2 for an unknown id.

    Examples
    --------
    >>> import argparse
    >>> cli(argparse.Namespace(action="list", ids=["duel.hoeffding"], verbose=False, json=False))
    duel.hoeffding  Hoeffding bound on losing the duel
    0
    """
    action = getattr(args, "action", "check")
    ids = list(getattr(args, "ids", []) or [])
    verbose = bool(getattr(args, "verbose", False))
    as_json = bool(getattr(args, "json", False))
    ds = load() + derivations_package().results()       # the catalogue's, then those outside it
    known = {d.id: d for d in ds}
    missing = [i for i in ids if i not in known]
    if missing:
        print(f"bounds: error: no derivation {missing[0]!r}; known: {', '.join(sorted(known))}", file=sys.stderr)
        return 2
    chosen = [known[i] for i in ids] if ids else ds
    if action == "list":
        _print_list(chosen, as_json)
        return 0
    t0 = time.perf_counter()
    reports = check_all([d.id for d in chosen], derivations=ds)
    if as_json:
        print(json.dumps([_as_dict(r) for r in reports], indent=2, ensure_ascii=False))
    else:
        for r in reports:
            _print_report(r, verbose)
        _print_total(reports, verbose, time.perf_counter() - t0)
    return 0 if all(r.ok for r in reports) else 1


def _print_list(ds, as_json):
    if as_json:
        print(json.dumps([{"id": d.id, "title": d.title, "bound": d.bound} for d in ds], indent=2))
        return
    width = max((len(d.id) for d in ds), default=10)
    for d in ds:
        print(f"{d.id:<{width}}  {d.title}")


def _as_dict(r) -> dict:
    return {
        "id": r.derivation.id, "ok": r.ok, "status": r.status, "counts": r.counts,
        "match": r.match.how, "readable": r.readable.how if r.readable is not None else None, "errors": r.errors, "seconds": round(r.seconds, 3),
        "kernel": r.agreement.summary() if r.agreement is not None else None,
        "premises": {c.premise: {"status": c.status, "detail": c.detail} for c in r.premise_checks},
        "lemma_failures": r.lemma_failures,
        "steps": [{"number": s.number, "status": s.status, "text": s.text, "justification": s.justification,
                   "relation": sp.sstr(s.relation), "detail": s.detail} for s in r.steps],
    }


def _print_report(r, verbose):
    d = r.derivation
    summary = ", ".join(f"{v} {k}" for k, v in r.counts.items() if v)
    print(f"{d.id} — {d.title}: {'ok' if r.ok else 'FAILED'} ({summary}; {r.seconds:.2f} s)")
    for s in r.steps:
        where = f" [{' / '.join(s.path)}]" if s.path else ""
        mark = "define " if (not s.claim and s.status != Status.FALSE) else _status_mark(s.status)
        print(f"  {s.number:>3}. {mark}  {s.text}{where}")
        if verbose or s.status == Status.FALSE:
            print(f"        {sp.sstr(s.relation)}")
            print(f"        by {s.justification}: {s.detail}")
    for e in r.errors:
        print(f"  ERROR: {e}")
    mark = "final relation = the bound's relation" if r.match.ok else "final relation does NOT match the bound"
    if r.derivation.result:
        mark = "final relation: the result" if r.match.ok else mark
    print(f"  {mark} ({r.match.how})")
    if r.readable is not None:
        mark = "readable form = the bound's relation" if r.readable.ok else "readable form does NOT match the bound"
        print(f"  {mark} ({r.readable.how})")
    if r.agreement is not None:
        print(f"  {r.agreement.summary()} ({r.agreement.seconds:.1f} s)")
    for c in r.premise_checks:
        if not c.ok:
            print(f"  PREMISE {c.premise} fails its spot check: {c.detail}")
        elif verbose and c.status == "ok":
            print(f"  premise {c.premise}: spot check {c.detail}")
    for line in r.lemma_failures:
        print(f"  LEMMA: {line}")


def _print_total(reports, verbose, seconds):
    total = {s: 0 for s in Status.ORDER}
    for r in reports:
        for k, v in r.counts.items():
            total[k] += v
    checks = {c.premise: c for r in reports for c in r.premise_checks}
    unchecked = sorted((c for c in checks.values() if c.status == "none"), key=lambda c: c.premise)
    if verbose and unchecked:
        print("premises without a spot check:")
        for c in unchecked:
            print(f"  {c.premise}: {c.detail}")
    spot = sum(c.status == "ok" for c in checks.values())
    print(f"{sum(r.ok for r in reports)} of {len(reports)} derivations check; steps: "
          + ", ".join(f"{v} {k}" for k, v in total.items())
          + f"; premises: {spot} spot-checked, {len(unchecked)} without a spot check; {seconds:.1f} s")
