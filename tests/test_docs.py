"""The docs: a strict offline build, examples that are run, a complete API reference, math that renders.

The site is built once per test session, into a temporary folder, with `mkdocs build
--strict`: any warning (a broken link, a griffe docstring problem, a hook error, a false
derivation step) fails the suite. The built pages are then checked statically and, where
Chromium is installed, in headless Chromium: every math span must have been typeset by
the vendored MathJax with no error node.

Chromium is Debian's `chromium` package; `.ci/run` installs it, so CI always runs the
browser check. Elsewhere the browser tests skip, saying why (under `CI=true` they fail).
"""
from __future__ import annotations

import doctest
import importlib
import inspect
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

import bounds

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"

# --------------------------------------------------------------------------- the build


@dataclass(frozen=True)
class Site:
    root: Path
    seconds: float
    log: str

    def page(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    start = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    seconds = time.monotonic() - start
    log = run.stdout + run.stderr
    if run.returncode != 0:
        lines = [l for l in log.splitlines() if not l.startswith("INFO") and "\u2502" not in l]  # drop banners
        first = next((i for i, l in enumerate(lines) if re.search(r"WARNING|ERROR|Traceback", l)), 0)
        problems = "\n".join(lines[first:first + 80])
        pytest.fail(f"`mkdocs build --strict` failed (exit {run.returncode}):\n{problems}", pytrace=False)
    return Site(out, seconds, log)


def test_strict_build(site):
    assert (site.root / "index.html").is_file()
    # Reported, not asserted (no timed assertions in tests; the budget is < 60 s).
    print(f"docs built in {site.seconds:.1f} s")


def built_pages(site) -> list[Path]:
    return sorted(p for p in site.root.rglob("*.html") if p.name != "404.html")


# --------------------------------------------------------------------------- static checks


def test_mathjax_is_vendored_and_loaded_locally(site):
    mj = site.root / "assets" / "vendor" / "mathjax" / "tex-svg-full.js"
    assert mj.is_file() and mj.stat().st_size > 1_000_000, "vendored MathJax missing from the site"
    for page in built_pages(site):
        html = page.read_text(encoding="utf-8")
        if "arithmatex" in html:
            assert "assets/vendor/mathjax/tex-svg-full.js" in html, f"{page.name} does not load the vendored MathJax"


def test_site_loads_nothing_external(site):
    """No script, stylesheet, font, image or frame from the network (offline reading)."""
    remote = re.compile(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)=[\"']?(?:https?:)?//", re.I)
    offenders = []
    for page in built_pages(site):
        html = page.read_text(encoding="utf-8")
        offenders += [f"{page.relative_to(site.root)}: {m.group(0)[:120]}" for m in remote.finditer(html)]
        if "fonts.googleapis" in html or "fonts.gstatic" in html:
            offenders.append(f"{page.relative_to(site.root)}: Google Fonts (set theme.font: false)")
    assert not offenders, "pages load remote resources:\n" + "\n".join(offenders)


def test_local_assets_exist(site):
    """Every stylesheet, script and image a page asks for is in the site (e.g. extra_css)."""
    ref = re.compile(r"<(?:script|link|img)\b[^>]*?\b(?:src|href)=\"([^\"#?]+)", re.I)
    missing = set()
    for page in built_pages(site):
        for url in ref.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", url) or url.endswith(".html") or url.endswith("/"):
                continue
            if not (page.parent / url).resolve().is_file():
                missing.add(f"{page.relative_to(site.root)}: {url}")
    assert not missing, "pages refer to files missing from the site:\n" + "\n".join(sorted(missing))


_CODE_OR_MATH = re.compile(
    r"<(pre|code|script|style|svg)\b.*?</\1>|<(span|div) class=\"arithmatex\">.*?</\2>", re.S | re.I
)


def test_no_stray_dollar_signs(site):
    """A `$` left in the text of a page is math that arithmatex did not recognise."""
    offenders = []
    for page in built_pages(site):
        html = page.read_text(encoding="utf-8")
        m = re.search(r"<article\b.*?</article>", html, re.S)
        text = _CODE_OR_MATH.sub(" ", m.group(0) if m else html)
        text = re.sub(r"<[^>]+>", " ", text)
        for hit in re.finditer(r"\$", text):
            offenders.append(f"{page.relative_to(site.root)}: …{' '.join(text[max(0, hit.start() - 60): hit.end() + 60].split())}…")
    assert not offenders, "unrendered $ in page text (math not recognised):\n" + "\n".join(offenders)


@pytest.mark.parametrize("page,names", [
    ("model", ("win_probability.svg", "labels_needed.svg", "adversaries.svg", "breakdown.svg")),
    ("alignment-data", ("curve.svg", "budget.svg", "breakdown.svg")),
])
def test_figures_are_built(site, page, names):
    html = site.page(f"{page}.html")
    for name in names:
        assert f'src="{page}/{name}"' in html, f"{page} page does not show {name}"
        svg = (site.root / page / name).read_text(encoding="utf-8")
        assert "<svg" in svg and svg.count("<path") > 10, f"{name} looks empty"


# --------------------------------------------------------------------------- API reference


def public_modules() -> dict:
    """`bounds` and each of its public submodules, subpackages included (no leading underscore).

    The derivations (`bounds.derivations`, installed from the folder `derivations/`, which the
    API reference's static loader cannot see under that name) are content, documented as the
    derivation pages; their docstrings are still checked by tests/test_docstrings.py."""
    mods = {"bounds": bounds}
    for info in pkgutil.walk_packages(bounds.__path__, "bounds."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts) or parts[1] == "derivations":
            continue
        mods[info.name] = importlib.import_module(info.name)
    return mods


API_PAGES = sorted(p.relative_to(DOCS).with_suffix(".html").as_posix() for p in (DOCS / "api").glob("*.md"))


def test_api_page_documents_every_public_name(site):
    """Every name of every public module's `__all__` is on an API page (docs/api/: one page per
    layer); a name re-exported from another module (as `bounds.Scenario` or `bounds.proof.check`)
    is documented there."""
    ids = set()
    for page in API_PAGES:
        ids |= set(re.findall(r'\bid="([^"]+)"', site.page(page)))
    api_md = "\n".join(p.read_text(encoding="utf-8") for p in sorted((DOCS / "api").glob("*.md")))
    missing = []
    for modname, mod in public_modules().items():
        if modname != "bounds" and not re.search(rf"^:::\s*{re.escape(modname)}\s*$", api_md, re.M):
            missing.append(f"module {modname}: add a `::: {modname}` block to the page of its layer in docs/api/")
            continue
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            home = getattr(obj, "__module__", modname) if (inspect.isclass(obj) or inspect.isfunction(obj)) else modname
            if inspect.ismodule(obj):
                ok = bool(re.search(rf"^:::\s*{re.escape(obj.__name__)}\s*$", api_md, re.M))
            elif modname == "bounds" and home == modname:
                # data re-exported at the top level (PARAMETERS, MAX_EXACT_N): documented where defined
                ok = any(re.fullmatch(rf"bounds\.\w+\.{re.escape(name)}", i) for i in ids)
            elif home != modname:
                ok = f"{home}.{name}" in ids  # re-exported: documented in the module that defines it
            else:
                ok = f"{modname}.{name}" in ids
            if not ok:
                missing.append(f"{modname}.{name}")
    assert not missing, "public names missing from the rendered API reference (docs/api/):\n" + "\n".join(missing)


def empty_entries(html: str) -> list[str]:
    """Ids of the documented objects whose entry has no text: the heading (and signature) are
    followed directly by an empty contents block or by the members' block."""
    out = []
    for m in re.finditer(r'<h(\d) id="(bounds\.[^"]+)" class="doc doc-heading">', html):
        k = html.find(f"</h{m.group(1)}>", m.end())
        rest = html[k + 5: k + 5 + 400].lstrip()
        if rest.startswith('<div class="doc-signature'):
            k = html.find("</pre></div>", k)
            rest = html[k + 12: k + 12 + 400].lstrip()
        if re.match(r'<div class="doc doc-contents[^"]*">\s*(</div>|<div class="doc doc-children">)', rest):
            out.append(m.group(2))
    return out


def test_api_pages_have_no_empty_entries(site):
    """Every documented object of the API pages says something: no entry is a bare heading
    (dataclass fields get their text from the class's Attributes section, module data from
    its `#:` comment; docs/hooks/griffe_api.py)."""
    empty = [f"{page}: {oid}" for page in API_PAGES for oid in empty_entries(site.page(page))]
    assert not empty, "API entries with no text:\n" + "\n".join(empty)
    # the check itself sees an empty entry
    assert empty_entries('<h5 id="bounds.x.A.f" class="doc doc-heading">f</h5> <div class="doc doc-contents "> </div>')


# --------------------------------------------------------------------------- RST in docstrings

_RST_ROLE = re.compile(r":(?:math|class|func|meth|attr|mod|obj|data|exc|ref):`|^\s*\.\. math::", re.M)


def test_no_rst_math_or_roles_in_sources():
    """mkdocstrings shows RST math and roles as literal text: write `$…$`/`$$…$$` and plain backticks."""
    offenders = []
    for top in ("bounds", "derivations"):
        for path in sorted((REPO / top).rglob("*.py")):
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _RST_ROLE.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{i}: {line.strip()}")
    assert not offenders, "RST math or roles (rendered literally by mkdocstrings):\n" + "\n".join(offenders)


# --------------------------------------------------------------------------- examples on the pages

_PYCON = re.compile(r"^```pycon[^\n]*\n(.*?)^```", re.M | re.S)
PAGES_WITH_EXAMPLES = sorted(
    str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if _PYCON.search(p.read_text(encoding="utf-8"))
)


@pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES)
def test_page_examples_print_what_the_page_shows(page):
    """Every ```pycon block of a page is run as one REPL session; the output must match."""
    path = DOCS / page
    text = path.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    report: list[str] = []
    globs: dict = {}
    for m in _PYCON.finditer(text):
        line = text.count("\n", 0, m.start(1))
        test = parser.get_doctest(m.group(1), globs, f"{page}:{line + 1}", str(path), line)
        runner.run(test, out=report.append, clear_globs=False)
        globs = test.globs  # DocTest copies its globals: carry the session to the next block
    assert runner.summarize(verbose=False).attempted > 0
    assert runner.failures == 0, f"examples in docs/{page} print something else now:\n" + "".join(report)


# ```console blocks: shell sessions. Each line starting with `$ ` is a command; the lines
# after it, up to the next command, are what it prints (stdout and stderr together, as on
# a terminal). A block runs as one bash session (so `echo $?` shows the last exit code),
# in a temporary folder, with the installed `bounds` command first on PATH. Commands that
# are not to be run are shown in ```sh blocks instead, with the reason in the text.
_CONSOLE = re.compile(r"^```console[^\n]*\n(.*?)^```", re.M | re.S)
PAGES_WITH_COMMANDS = sorted(
    str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if _CONSOLE.search(p.read_text(encoding="utf-8"))
)


def _console_session(block: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a ```console block."""
    pairs: list[list] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            pairs.append([line[2:], []])
        elif pairs:
            pairs[-1][1].append(line)
        elif line.strip():
            raise ValueError(f"output before the first command in a console block: {line!r}")
    return [(cmd, "\n".join(out).rstrip() + "\n") for cmd, out in pairs]


@pytest.mark.parametrize("page", PAGES_WITH_COMMANDS)
def test_page_commands_print_what_the_page_shows(page, tmp_path):
    """Every ```console block of a page is run by bash; each command's output must match
    (doctest's rules: whitespace normalised, `...` matches anything)."""
    text = (DOCS / page).read_text(encoding="utf-8")
    checker = doctest.OutputChecker()
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "COLUMNS": "100", "NO_COLOR": "1"}
    failures, ran = [], 0
    for m in _CONSOLE.finditer(text):
        line = text.count("\n", 0, m.start(1)) + 1
        session = _console_session(m.group(1))
        marks = [f"@@@ command {i} @@@" for i in range(len(session))]
        # the marks split the output per command; `$?` is carried across them
        script = "exec 2>&1\n_rc=0\n" + "".join(
            f"echo '{mark}'\n(exit $_rc)\n{cmd}\n_rc=$?\n" for mark, (cmd, _) in zip(marks, session))
        run = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        got = run.stdout
        for i, (mark, (cmd, want)) in enumerate(zip(marks, session)):
            start = got.index(mark + "\n") + len(mark) + 1 if mark + "\n" in got else len(got)
            end = got.find(marks[i + 1] + "\n") if i + 1 < len(marks) else len(got)
            out = got[start:end if end >= 0 else len(got)]
            ran += 1
            if not checker.check_output(want, out, flags):
                failures.append(f"docs/{page}:{line}: $ {cmd}\n--- expected\n{want}--- got\n{out}")
    assert ran > 0
    assert not failures, f"commands in docs/{page} print something else now:\n" + "\n".join(failures)


# --------------------------------------------------------------------------- browser check

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        exe = shutil.which(name)
        if exe:
            return exe
    reason = "headless Chromium not installed (apt-get install chromium; .ci/run installs it)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason}: the browser check must run in CI", pytrace=False)
    pytest.skip(reason)


def render(exe: str, page: Path, profile: Path) -> tuple[str, list[str]]:
    """The DOM of `page` after its scripts ran, and the page's console messages."""
    run = subprocess.run(
        [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=15000",
         "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, f"chromium failed on {page}:\n{run.stderr[-3000:]}"
    console = [l for l in run.stderr.splitlines() if ":CONSOLE" in l]
    return run.stdout, console


def browser_pages(site) -> list[str]:
    """The pages checked in the browser: the home page, the guides, the command line, every API
    page, the derivations index (with the inline dependency graph) and a derivation page."""
    pages = ["index.html", "quickstart.html", "model.html", "alignment-data.html", "checking.html", "cli.html",
             *API_PAGES]
    derivations = sorted(p.name for p in (site.root / "derivations").glob("*.html") if p.name != "index.html")
    assert derivations, "no derivation page was built"
    return pages + ["derivations/index.html", "derivations/duel.chernoff.html"]


def test_math_renders_in_browser(site, tmp_path):
    exe = chromium()
    results, failed = [], False
    pages = browser_pages(site)
    # two browsers at a time (each page is mostly MathJax's typesetting, one core each)
    with ThreadPoolExecutor(max_workers=2) as pool:
        rendered = pool.map(lambda rel: render(exe, site.root / rel, tmp_path / rel.replace("/", "_")), pages)
    for rel, (dom, console) in zip(pages, rendered):
        spans = len(re.findall(r'class="arithmatex"', dom))
        containers = len(re.findall(r"<mjx-container\b", dom))
        problems = []
        if spans == 0 and rel != "cli.html":
            problems.append("no math on the page (expected some)")
        if containers != spans:
            problems.append(f"{containers} <mjx-container> for {spans} arithmatex spans")
        # (MathJax's own stylesheet mentions both, so look for them on elements only)
        if re.search(r'<[a-z][^<>]*\smathcolor="red"', dom):
            problems.append('undefined TeX macro (mathcolor="red")')
        if re.search(r'<[a-z][^<>]*\sdata-mml-node="merror"', dom):
            problems.append("MathJax error node (merror)")
        problems += [f"console: {l}" for l in console if re.search(r"Uncaught|Error|error", l)]
        if rel == "derivations/index.html":
            # the dependency graph is still inline after the page's scripts ran, every box a link
            svg = re.search(r'<svg[^>]*class="dv-graph-svg".*?</svg>', dom, re.S)
            links = len(re.findall(r"<a\b[^>]*\bhref=", svg.group(0))) if svg else 0
            if links != len(graph_links(site)):
                problems.append(f"dependency graph: {links} links in the browser's DOM, {len(graph_links(site))} built")
        results.append(f"{rel}: {containers}/{spans} typeset" + ("; " + "; ".join(problems) if problems else ""))
        failed = failed or bool(problems)
    if failed:
        pytest.fail("math did not render:\n" + "\n".join(results), pytrace=False)
    print("\n".join(results))


# --------------------------------------------------------------------------- the dependency graph


def graph_links(site) -> list[str]:
    """The links of the dependency graph, inline in the derivations index."""
    html = site.page("derivations/index.html")
    svg = re.search(r'<svg[^>]*class="dv-graph-svg".*?</svg>', html, re.S)
    assert svg, "the derivations index has no inline dependency graph"
    return re.findall(r'<a\b[^>]*\bhref="([^"]+)"', svg.group(0))


def test_dependency_graph_links_are_live(site):
    """Every box of the dependency graph links to a page of the site (its derivation page, or the
    index itself), and to an anchor that page has; every derivation and premise has its box."""
    from bounds.proof import load

    index = site.root / "derivations" / "index.html"
    links, dead = graph_links(site), []
    ids_of = {}
    for href in links:
        path, _, anchor = href.partition("#")
        target = (index.parent / path).resolve() if path else index
        if not target.is_file():
            dead.append(f"{href}: no such page in the site")
            continue
        if anchor:
            ids = ids_of.setdefault(target, set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8"))))
            if anchor not in ids:
                dead.append(f"{href}: no anchor #{anchor} on {target.name}")
    assert not dead, "dead links in the dependency graph:\n" + "\n".join(dead)
    derivations = {d.id for d in load()}
    assert {f"{i}.html" for i in derivations} <= set(links), "a derivation has no box in the graph"
    premises = [h for h in links if h.startswith("#")]
    assert len(premises) == len(set(premises)) and premises, "premise boxes missing or repeated"


def test_dependency_graph_labels_are_whole_and_readable(site):
    """No label is cut short, and labels are set at the page's table size, not scaled down."""
    html = site.page("derivations/index.html")
    svg = re.search(r'<svg[^>]*class="dv-graph-svg".*?</svg>', html, re.S).group(0)
    assert "\u2026" not in svg, "a label of the graph is truncated"
    size = float(re.search(r'font-size="([0-9.]+)"', svg).group(1))
    width = float(re.search(r'\bwidth="([0-9.]+)"', svg).group(1))
    assert size >= 12 and 'viewBox' in svg and width < 1200, (size, width)
