"""MkDocs hook: serve MathJax 3.2.2 (``tex-svg-full.js``) from the site itself, never a CDN.

Nothing vendored is committed. On the first build the file is taken from the PyPI wheel
``sphinx-mathjax-offline==0.0.2`` (downloaded with ``pip download --no-deps``; the package is
never installed, since it depends on Sphinx), checked against the sha256 of the npm release
``mathjax@3.2.2`` (``es5/tex-svg-full.js``), and cached in ``<repo>/.cache/mathjax-3.2.2/``
(gitignored). Later builds need no network. The ``-full`` build matters: it has every TeX
extension compiled in, so a page never tries to load one lazily.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

VERSION = "3.2.2"
SHA256 = "a4354ff94fd868aea0cc6eaaa79a57fda0588646fc46ee3700a349ee0a11cbe6"
WHEEL = "sphinx-mathjax-offline==0.0.2"
MEMBER = "sphinx-mathjax-offline/static/mathjax/tex-svg-full.js"
DEST = "assets/vendor/mathjax/tex-svg-full.js"
NOTICE = f"""MathJax {VERSION} (es5/tex-svg-full.js), https://www.mathjax.org/
Copyright (c) The MathJax Consortium. Licensed under the Apache License, Version 2.0.
Byte-identical to the npm release mathjax@{VERSION}; sha256 {SHA256}.
Taken at docs build time from the PyPI wheel {WHEEL}; not part of the alignment-bounds sources.
"""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fetch(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--quiet", WHEEL, "-d", tmp]
        run = subprocess.run(cmd, capture_output=True, text=True)
        wheels = list(Path(tmp).glob("*.whl"))
        if run.returncode != 0 or not wheels:
            raise PluginError(f"vendor_mathjax: could not download {WHEEL} ({' '.join(cmd)}):\n{run.stderr}")
        with zipfile.ZipFile(wheels[0]) as zf:
            data = zf.read(MEMBER)
    if _sha256(data) != SHA256:
        raise PluginError(f"vendor_mathjax: {MEMBER} from {WHEEL} has sha256 {_sha256(data)}, expected {SHA256}")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(part, 0o644)
    os.replace(part, target)  # atomic: a concurrent build never sees half a file


def cached_mathjax(repo: Path) -> Path:
    """Path of the verified cached copy, downloading it first if needed."""
    target = repo / ".cache" / f"mathjax-{VERSION}" / "tex-svg-full.js"
    if not target.is_file() or _sha256(target.read_bytes()) != SHA256:
        _fetch(target)
    return target


def on_files(files, config):
    repo = Path(config["config_file_path"]).resolve().parent
    files.append(File.generated(config, DEST, abs_src_path=str(cached_mathjax(repo))))
    files.append(File.generated(config, "assets/vendor/mathjax/NOTICE.txt", content=NOTICE))
    return files
