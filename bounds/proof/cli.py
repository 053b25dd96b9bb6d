"""TODO."""
from __future__ import annotations

import sys
import time

import sympy as sp

from .checker import check, load
from .status import Status


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
        0 if every step checks and every final relation matches its bound, 1 otherwise.

    Examples
    --------
    >>> import argparse
    >>> cli(argparse.Namespace(action="list", ids=["duel.hoeffding"], verbose=False, json=False))
    duel.hoeffding  Hoeffding bound on losing the duel
    0
    """
    import json as _json

    action = getattr(args, "action", "check")
    ids = list(getattr(args, "ids", []) or [])
    verbose = bool(getattr(args, "verbose", False))
    as_json = bool(getattr(args, "json", False))
    ds = load()
    known = {d.id: d for d in ds}
    if ids:
        missing = [i for i in ids if i not in known]
        if missing:
            print(f"bounds: error: no derivation {missing[0]!r}; known: {', '.join(sorted(known))}", file=sys.stderr)
            return 2
        ds = [known[i] for i in ids]
    if action == "list":
        if as_json:
            print(_json.dumps([{"id": d.id, "title": d.title, "bound": d.bound} for d in ds], indent=2))
        else:
            width = max(len(d.id) for d in ds) if ds else 10
            for d in ds:
                print(f"{d.id:<{width}}  {d.title}")
        return 0
    t0 = time.perf_counter()
    reports = [check(d) for d in ds]
    total = {s: 0 for s in Status.ORDER}
    if as_json:
        out = []
        for r in reports:
            out.append({
                "id": r.derivation.id, "ok": r.ok, "status": r.status, "counts": r.counts,
                "match": r.match.how, "errors": r.errors, "seconds": round(r.seconds, 3),
                "steps": [{"number": s.number, "status": s.status, "text": s.text, "justification": s.justification,
                           "relation": sp.sstr(s.relation), "detail": s.detail} for s in r.steps],
            })
        print(_json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for r in reports:
            d = r.derivation
            head = "ok" if r.ok else "FAILED"
            c = r.counts
            for k, v in c.items():
                total[k] += v
            summary = ", ".join(f"{v} {k}" for k, v in c.items() if v)
            print(f"{d.id} — {d.title}: {head} ({summary}; {r.seconds:.2f} s)")
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
            print(f"  {mark} ({r.match.how})")
        ok = sum(r.ok for r in reports)
        print(f"{ok} of {len(reports)} derivations check; steps: "
              + ", ".join(f"{v} {k}" for k, v in total.items()) + f"; {time.perf_counter() - t0:.1f} s")
    return 0 if all(r.ok for r in reports) else 1
