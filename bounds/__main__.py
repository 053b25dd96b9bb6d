"""`python -m bounds` runs the command-line tool.

`python -m` puts the current directory first on `sys.path`; a folder there named like a
module the tool imports later (`derivations`, say) would then be imported and its code run.
The package itself is already imported at this point, so the current directory is taken
off the path before anything else is imported.
"""
import os
import sys


def _drop_cwd(path: list) -> None:
    """Remove `path[0]` when it is the current directory ('', '.' or its absolute path).

    Examples
    --------
    >>> p = ["", "/usr/lib/python3"]
    >>> _drop_cwd(p)
    >>> p
    ['/usr/lib/python3']
    >>> p = ["/usr/lib/python3"]
    >>> _drop_cwd(p)
    >>> p
    ['/usr/lib/python3']
    """
    if not path:
        return
    first = path[0]
    try:
        here = os.getcwd()
    except OSError:  # the current directory was deleted
        here = None
    if first in ("", ".") or (here is not None and os.path.abspath(first) == os.path.abspath(here)):
        del path[0]


if __name__ == "__main__":
    _drop_cwd(sys.path)

    from bounds.cli import main

    raise SystemExit(main())
