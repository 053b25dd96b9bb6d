"""TODO."""
from __future__ import annotations



from .status import Status
from .structure import Derivation


def dependency_graph(reports: Iterable[DerivationReport]):
    r"""Nodes and edges of the dependency graph: premises and derivations, coloured by status.

    Parameters
    ----------
    reports : iterable of DerivationReport
        Checked derivations.

    Returns
    -------
    (dict, list)
        `nodes`: id -> dict(kind='premise'|'model'|'derivation', title, status); `edges`:
        (from id, to id) pairs, "from is used by to".

    Examples
    --------
    >>> nodes, edges = dependency_graph(check_all(["duel.hoeffding"]))
    >>> nodes["duel.hoeffding"]["kind"], nodes["duel.hoeffding"]["status"]
    ('derivation', 'checked')
    """
    nodes = {}
    edges = []
    reports = list(reports)
    for r in reports:
        d = r.derivation
        nodes[d.id] = {"kind": "derivation", "title": d.title, "status": r.status, "counts": r.counts}
    for r in reports:
        d = r.derivation
        for p in d.all_premises():
            if isinstance(p, Derivation):
                pid = p.id
                if pid not in nodes:
                    nodes[pid] = {"kind": "derivation", "title": p.title, "status": "unchecked"}
            else:
                pid = p.id
                if pid not in nodes:
                    nodes[pid] = {"kind": "model" if p.kind == "model" else "premise", "title": p.title, "status": Status.CITED,
                                  "citation": p.citation}
            if (pid, d.id) not in edges and pid != d.id:
                edges.append((pid, d.id))
    return nodes, edges
