r"""The record type of `bounds.data`: one published figure with its source and how well it was checked.

Examples
--------
>>> from bounds.data.reference import Reference
>>> r = Reference(0.726, "Ouyang et al. (2022), §3.4", "agreement of the training labelers",
...               tag="paper", plus_minus=0.015)
>>> r.value, r.tag, r.plus_minus
(0.726, 'paper', 0.015)
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ParameterValueError

__all__ = ["Reference", "TAGS", "citing"]

#: Papers cited by more than one collection, each spelled once (`citing` takes them).
CHRISTIANO_2017 = "Christiano et al. (2017), Deep reinforcement learning from human preferences, arXiv:1706.03741"
CHRISTIANO_2017_BLOG = "Christiano et al. (2017), OpenAI blog post 'Learning from human preferences' (13 June 2017)"
STIENNON_2020 = "Stiennon et al. (2020), Learning to summarize from human feedback, arXiv:2009.01325"
NAKANO_2021 = ("Nakano et al. (2021), WebGPT: browser-assisted question-answering with human feedback, "
               "arXiv:2112.09332")
OUYANG_2022 = ("Ouyang et al. (2022), Training language models to follow instructions with human feedback, "
               "arXiv:2203.02155")
BAI_2022_HH = ("Bai et al. (2022), Training a helpful and harmless assistant with reinforcement learning from "
               "human feedback, arXiv:2204.05862")
TOUVRON_2023 = "Touvron et al. (2023), Llama 2: open foundation and fine-tuned chat models, arXiv:2307.09288"
ZHENG_2023 = "Zheng et al. (2023), Judging LLM-as-a-judge with MT-Bench and Chatbot Arena, arXiv:2306.05685"
CHIANG_2024 = ("Chiang et al. (2024), Chatbot Arena: an open platform for evaluating LLMs by human preference, "
               "arXiv:2403.04132")
DUBOIS_2023 = ("Dubois et al. (2023), AlpacaFarm: a simulation framework for methods that learn from human "
               "feedback, arXiv:2305.14387")
WANG_2024 = ("Wang et al. (2024), Secrets of RLHF in large language models part II: reward modeling, "
             "arXiv:2401.06080")

#: How well a figure was checked, from strongest to weakest. A figure tagged "figure" or
#: "secondary" is approximate: use it with a tolerance, never as an exact test oracle.
TAGS = {
    "paper": "checked against the full text of the paper (section, table or figure caption given)",
    "official": "checked against the authors' own blog post, repository README or dataset card",
    "quote": "checked only through verbatim quotations of the paper in two or more independent notes",
    "figure": "read off a plotted figure (typically within 0.01-0.02); approximate",
    "secondary": "from a secondary summary, not checked against the primary text; approximate",
    "derived": "computed here from other figures of this module; the arithmetic is in the note",
}


@dataclass(frozen=True)
class Reference:
    r"""A number taken from the literature, with where it came from.

    Attributes
    ----------
    value : float
        The number, as printed in the source (never rounded here; a fraction where the
        source prints a percentage, which the note then says).
    source : str
        Citation: authors, year, title or arXiv number, and the exact location (section,
        table, figure, page).
    note : str
        How the number was obtained from the source (quoted words, which row, what was
        computed).
    tag : str
        How well it was checked: one of `TAGS` ("paper", "official", "quote", "figure",
        "secondary", "derived").
    plus_minus : float or None
        The uncertainty the source prints with it (same units), if any.
    n : float or None
        The number of labels (comparisons, queries) the figure was measured at, where that
        is what it depends on (points of a learning curve).
    unit : str
        What the value counts ("fraction", "comparisons", "hours", "nats", ...); empty for
        a pure number.

    Examples
    --------
    >>> Reference(1.0, "somewhere", "as printed").value
    1.0
    >>> Reference(1.0, "somewhere", tag="memory")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: Reference: tag = 'memory' is not one of 'paper', 'official', 'quote', 'figure', 'secondary', 'derived'
    """

    value: float
    source: str
    note: str = ""
    tag: str = "paper"
    plus_minus: float | None = None
    n: float | None = None
    unit: str = ""

    def __post_init__(self):
        if self.tag not in TAGS:
            allowed = ", ".join(repr(t) for t in TAGS)
            raise ParameterValueError(f"Reference: tag = {self.tag!r} is not one of {allowed}")

    @property
    def exact(self) -> bool:
        """Whether the figure may serve as an exact oracle (tag "paper", "official" or "quote").

        Examples
        --------
        >>> Reference(0.5, "x", tag="figure").exact
        False
        """
        return self.tag in ("paper", "official", "quote")


def citing(paper: str):
    r"""A maker of `Reference`\ s of one paper: `ref(value, where, note, tag="paper", **fields)`.

    The made `Reference` has the source `"{paper}, {where}"` (`"{paper} {where}"` where
    `where` is in parentheses, as `"(location not recorded)"`), so a module of figures
    names each paper once and each figure only by its place in the paper.

    Parameters
    ----------
    paper : str
        Authors, year and title or arXiv number, e.g.
        `"Touvron et al. (2023), Llama 2, arXiv:2307.09288"`.

    Returns
    -------
    callable
        `ref(value, where, note="", tag="paper", **fields)` -> `Reference`; `fields` are
        the other fields of `Reference` (`plus_minus`, `n`, `unit`).

    Examples
    --------
    >>> ref = citing("Ouyang et al. (2022), arXiv:2203.02155")
    >>> r = ref(0.726, "§3.4", "printed as 72.6 ± 1.5%", plus_minus=0.015, unit="fraction")
    >>> r.source, r.tag, r.plus_minus
    ('Ouyang et al. (2022), arXiv:2203.02155, §3.4', 'paper', 0.015)
    """
    def ref(value, where: str, note: str = "", tag: str = "paper", **fields) -> Reference:
        sep = " " if where.startswith("(") else ", "
        return Reference(value, f"{paper}{sep}{where}", note, tag=tag, **fields)

    return ref
