"""Griffe extension for the API reference: an entry for every attribute, none left empty.

mkdocstrings lists a class's attributes (a dataclass's fields, the attributes set in
`__init__`) and a module's data as entries of their own; without a docstring of their own
they were empty. This extension, run once the package is loaded (`on_package`), gives each
undocumented one the text that already documents it:

* a class attribute: its entry in the class docstring's *Attributes* section (else its
  *Parameters* entry); a method: the docstring of the method it overrides;
* a module attribute: the `#:` comment above its assignment; a `Bound` of the catalogue: its
  name, direction and id, and `bounds.bound("<id>")` instead of the constructor call as its
  value.

A class member still undocumented after that (special methods such as `__repr__`
included) is dropped from the reference: its class docstring is the documentation. So is
an undocumented module member that is not in the module's `__all__` (a helper); one that is
gets a line saying what it is. Loaded by mkdocstrings (`extensions:` in mkdocs.yml).
"""
from __future__ import annotations

import importlib
from pathlib import Path

from griffe import Docstring, DocstringSectionKind, Extension, Parser


class ApiEntries(Extension):
    """Docstrings for undocumented attributes (see the module docstring)."""

    def on_package(self, *, pkg, **kwargs):
        for obj in _walk(pkg):
            if obj.is_class:
                _class_members(obj)
            elif obj.is_module:
                _module_attributes(obj)


def _walk(obj):
    yield obj
    for member in list(obj.members.values()):
        if not member.is_alias and (member.is_class or member.is_module):
            yield from _walk(member)


def _described(cls) -> dict:
    """name -> description, from the class docstring's Attributes (then Parameters) sections."""
    if cls.docstring is None:
        return {}
    out = {}
    for kind in (DocstringSectionKind.parameters, DocstringSectionKind.attributes):  # attributes win
        for section in cls.docstring.parse(Parser.numpy, warn_unknown_params=False, warn_missing_types=False):
            if section.kind is kind:
                for item in section.value:
                    for name in item.name.split(","):
                        if item.description:
                            out[name.strip()] = item.description
    return out


def _class_members(cls):
    described = None
    for name, member in list(cls.members.items()):
        if member.is_alias or member.docstring or name == "__init__":
            continue
        text = None
        if name.startswith("__"):
            pass  # an undocumented special method: nothing to say beyond the class docstring
        elif member.is_attribute:
            described = _described(cls) if described is None else described
            text = described.get(name)
        elif member.is_function:
            text = _inherited(cls, name)
        if text:
            member.docstring = Docstring(text, parent=member, parser=Parser.numpy)
        else:
            cls.del_member(name)


def _inherited(cls, name):
    try:
        bases = cls.mro()
    except Exception:  # an unresolvable base: nothing to inherit from
        return None
    for base in bases:
        member = base.members.get(name)
        if member is not None and not member.is_alias and member.docstring:
            return member.docstring.value
    return None


def _module_attributes(mod):
    lines = None
    runtime = _runtime(mod.path)
    exported = set(getattr(runtime, "__all__", ()))
    for name, member in list(mod.members.items()):
        if member.is_alias or member.docstring or member.is_module or member.is_class:
            continue
        if name == "__all__" or (member.is_function and name not in exported):
            mod.del_member(name)
            continue
        if not member.is_attribute or name.startswith("_"):
            continue
        text = _bound_entry(runtime, name, member)
        if text is None:
            lines = _source_lines(mod) if lines is None else lines
            text = _comment_above(lines, member.lineno)
        if text is None and name in exported and runtime is not None:
            text = _what_it_is(getattr(runtime, name, None))
        if text:
            member.docstring = Docstring(text, parent=member, parser=Parser.numpy)
        elif name not in exported:
            mod.del_member(name)


def _runtime(path):
    try:
        return importlib.import_module(path)
    except Exception:  # not importable here: the static information only
        return None


def _what_it_is(obj):
    """One line on an exported datum that has no comment: its type, and a dict's keys."""
    if isinstance(obj, dict):
        keys = [f"`{k}`" for k in list(obj)[:12]]
        more = ", …" if len(obj) > 12 else ""
        return f"A `dict` of {len(obj)} entries, by name: {', '.join(keys)}{more}."
    return f"A `{type(obj).__name__}` (see the module's description)."


def _source_lines(mod):
    try:
        return Path(mod.filepath).read_text(encoding="utf-8").splitlines()
    except (OSError, TypeError):
        return []


def _comment_above(lines, lineno):
    """The `#:` comment block right above line `lineno` (1-based), as text."""
    out = []
    k = (lineno or 1) - 2
    while 0 <= k < len(lines) and lines[k].lstrip().startswith("#:"):
        out.insert(0, lines[k].lstrip()[2:].strip())
        k -= 1
    return " ".join(out) or None


def _bound_entry(runtime, name, member):
    """For a `Bound` of the catalogue: its docstring, and a short value (not its constructor call)."""
    obj = getattr(runtime, name, None)
    if type(obj).__name__ != "Bound" or not hasattr(obj, "relation"):
        return None
    member.value = f'bounds.bound("{obj.id}")'
    return (f"The bound `{obj.id}`: {obj.title} ({obj.direction}). Its relation, citation and "
            f"derivation: `bounds.bound(\"{obj.id}\")`, and its page among the derivations.")
