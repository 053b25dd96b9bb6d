"""Every public name has a numpydoc docstring with a doctested example (and no RST math).

Module-level public names (each module's `__all__`) need a doctested Examples section;
public methods and properties of those classes need a docstring (examples where useful:
an internal protocol such as the derivation checker's `check`/`describe` methods is
documented once, on its base class)."""
import importlib
import inspect
import pkgutil

import pytest

import bounds

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(bounds.__path__, "bounds.")
    if not any(p.startswith("_") for p in m.name.split(".")) and not m.name.startswith("bounds.derivations.")
) + ["bounds"]


def public_objects():
    seen = set()
    for modname in MODULES:
        mod = importlib.import_module(modname)
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            key = (getattr(obj, "__module__", modname), name)
            if key in seen:
                continue
            seen.add(key)
            yield f"{modname}.{name}", obj, False
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") or not (inspect.isfunction(member) or isinstance(member, property)):
                        continue
                    yield f"{modname}.{name}.{attr}", member, True


OBJECTS = list(public_objects())


@pytest.mark.parametrize("qualname,obj,is_member", OBJECTS, ids=[q for q, _, _ in OBJECTS])
def test_public_docstring(qualname, obj, is_member):
    if not (inspect.isclass(obj) or inspect.isfunction(obj) or isinstance(obj, property)):
        return  # data (dicts, constants) are documented in their module's docstring
    doc = inspect.getdoc(obj.fget if isinstance(obj, property) else obj)
    assert doc, f"{qualname} has no docstring"
    if not is_member:
        assert "Examples" in doc and ">>>" in doc, f"{qualname}: docstring lacks a doctested Examples section"
    assert ":math:" not in doc and ".. math::" not in doc, f"{qualname}: use $...$ math, not RST"


@pytest.mark.parametrize("modname", MODULES)
def test_module_docstring(modname):
    mod = importlib.import_module(modname)
    assert mod.__doc__ and len(mod.__doc__) > 80, f"{modname} needs a module docstring"
