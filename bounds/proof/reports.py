"""What the checker reports: per step, per derivation, and the comparison with the bound."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


from .status import Status

__all__ = ["StepReport", "DerivationReport", "MatchResult"]


@dataclass
class StepReport:
    r"""The checker's verdict on one step (what pages and the CLI show).

    Attributes
    ----------
    number : int
        Position in the derivation (1-based).
    kind : str
        'chain' (continues a chain), 'start' (starts one), 'restate', 'define', 'fact'.
    relation : sympy relation
        The checked relation.
    text : str
        The explanation.
    justification : str
        Short description of the justification.
    status : str
        One of `Status.ORDER`.
    detail : str
        What the checker did (or why it failed).
    lhs_tex, op_tex, rhs_tex : str
        LaTeX of the sides (from the display when given, which is checked).
    path : tuple
        Case and sub-case labels.
    uses : list
        Ids of premises and derivations the step relies on.
    """

    number: int
    kind: str
    relation: Any
    text: str
    justification: str
    status: str
    detail: str
    lhs_tex: str
    op_tex: str
    rhs_tex: str
    path: tuple = ()
    uses: list = field(default_factory=list)
    counterexample: dict | None = None
    seconds: float = 0.0
    claim: bool = True  # False for a plain definition (an abbreviation, no property claimed)

    def __post_init__(self):
        """(the report of one step; see the class docstring)"""


StepReport.__doc__ += """
    Examples
    --------
    >>> from bounds import derivations
    >>> from bounds.proof import check
    >>> s = check(derivations.get("duel.exact")).steps[1]
    >>> s.number, s.status, s.kind
    (2, 'lemma', 'chain')
"""


@dataclass
class Block:
    """Rendering structure: a case (with title), a split, or a chain of step numbers."""

    kind: str  # 'case', 'split', 'chain', 'define'
    title: str = ""
    children: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # StepReport objects for chains
    condition_tex: str = ""


@dataclass
class MatchResult:
    r"""Does the derivation's final relation equal the bound's relation?

    Attributes
    ----------
    ok : bool
        True if identical (structurally) or sympy-equal after the substitutions.
    how : str
        'identical', 'sympy-equal: ...' or the reason it failed.
    derived : sympy relation
        The final relation after the stated substitutions.
    bound : sympy relation or None
        The bound's relation.
    """

    ok: bool
    how: str
    derived: Any = None
    bound: Any = None

    def __post_init__(self):
        """(the comparison of a final relation with the bound's; see the class docstring)"""


MatchResult.__doc__ += """
    Examples
    --------
    >>> from bounds import derivations
    >>> from bounds.proof import match_bound
    >>> m = match_bound(derivations.get("duel.exact"))
    >>> m.ok, m.derived == m.bound
    (True, True)
"""


@dataclass
class DerivationReport:
    r"""Everything the checker found about one derivation.

    Attributes
    ----------
    derivation : Derivation
        The derivation.
    steps : list of StepReport
        One per step, in order.
    blocks : list of Block
        The case/chain structure, for rendering.
    conclusion : sympy relation or None
        The final relation in the derivation's own symbols.
    match : MatchResult
        Comparison with the bound's relation.
    errors : list of str
        Structural errors (a chain that changes direction, a split that is not
        exhaustive, ...).
    seconds : float
        Time taken.
    agreement : AgreementReport or None
        The bound's numeric kernel against its relation (`kernel_agreement`); None when
        the derivation proves no bound of the catalogue.
    premise_checks : list of SpotCheckResult
        The spot checks of the cited premises it uses.
    lemma_failures : list of str
        Why a derivation it uses as a lemma (directly or not) fails, one line each.
    readable : MatchResult or None
        The comparison of the bound's readable form (`Derivation.readable`) with the
        bound's relation; None when the derivation declares none.

    Examples
    --------
    >>> from bounds import derivations
    >>> from bounds.proof import check
    >>> r = check(derivations.get("duel.exact"))
    >>> r.status, r.counts["lemma"], r.match.how
    ('checked', 5, 'identical')
    """

    derivation: Any
    steps: list
    blocks: list
    conclusion: Any
    match: MatchResult
    errors: list
    seconds: float
    agreement: Any = None
    premise_checks: list = field(default_factory=list)
    lemma_failures: list = field(default_factory=list)
    readable: Any = None

    @property
    def ok(self) -> bool:
        """True if the proof and what it rests on check.

        Every step checks, the structure is sound, the final relation matches the bound,
        the bound's kernel agrees with the relation, every cited premise passes its spot
        check and every derivation used as a lemma is itself ok.

        Examples
        --------
        >>> from bounds import derivations
        >>> from bounds.proof import check
        >>> r = check(derivations.get("two_point.le_cam"))
        >>> r.ok, r.status, sum(r.counts.values()) == sum(s.claim for s in r.steps)
        (True, 'checked', True)
        """
        return self.proof_ok and not self.failures()

    @property
    def proof_ok(self) -> bool:
        """True if every step checks, the structure is sound, and the final relation (and the readable
        form, if declared) is the bound's relation."""
        return (not self.errors and self.match.ok and (self.readable is None or self.readable.ok)
                and all(s.status != Status.FALSE for s in self.steps))

    def failures(self) -> list:
        """Why the derivation fails beyond its own steps: kernel, premises, lemmas (one line each)."""
        out = []
        if self.agreement is not None and not self.agreement.ok:
            out.append(f"bound {self.agreement.bound}: {self.agreement.summary()}")
        out += [f"premise {c.premise} fails its spot check: {c.detail}" for c in self.premise_checks if not c.ok]
        out += list(self.lemma_failures)
        return out

    @property
    def counts(self) -> dict:
        """Number of steps per status (plain definitions are not counted: they claim nothing)."""
        c = {s: 0 for s in Status.ORDER}
        for st in self.steps:
            if st.claim or st.status == Status.FALSE:
                c[st.status] += 1
        return c

    @property
    def status(self) -> str:
        """'false' if anything fails, else 'numeric' if any step is only numeric, else 'checked'."""
        if not self.ok:
            return Status.FALSE
        if any(s.status == Status.NUMERIC for s in self.steps):
            return Status.NUMERIC
        return "checked"
