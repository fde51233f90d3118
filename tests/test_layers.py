"""The apps are layers: a module imports from its own layer and the layers below it, never from one above.

Bottom to top (CONTRIBUTING.md, "Layers"):

* ``pure`` — ``policy``, ``geo`` and ``env``: plain Python, no Django; they import only each other;
* ``core`` — errors, request context, the command base, base views, API error handling, maintenance and
  backups, and ``core.permissions``, through which what lies below ``accounts`` asks the permission point;
* ``audit`` — the log every service writes to, sign-ins and role changes included, so it lies below the
  apps that write it; it never imports ``accounts`` or ``organisation``;
* ``accounts`` — users, roles and the permission point; it refers to ``organisation.Unit`` only through
  its foreign key, never by importing organisation's code;
* ``organisation`` — units and counterparts;
* ``jobs`` — background jobs: the queue's task, the kinds' registry, progress and the jobs' pages, which
  the domain apps above plug their kinds into;
* ``engagements`` — the register, which refers to units and counterparts;
* ``strategy`` — the strategy's own pages (study material, what-if, prioritisation), across the register;
* ``imports`` — imports of existing registers, which write the register through its services;
* ``site`` — the start page, the navigation and the demo, which look across every app;
* ``project`` — settings, URLs, WSGI and the ``omvarld`` command, which wire the layers together.

Every import counts: at the top of a module or inside a function, under ``TYPE_CHECKING`` too, and
``import_module``/``import_string`` with a literal name.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "omvarld"

# Bottom to top; a layer is the set of first names under ``omvarld``. The package itself ("", an empty
# ``__init__``) is below everything: importing any module of ours imports it.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("pure", frozenset({"policy", "geo", "env", ""})),
    ("core", frozenset({"core"})),
    ("audit", frozenset({"audit"})),
    ("accounts", frozenset({"accounts"})),
    ("organisation", frozenset({"organisation"})),
    ("jobs", frozenset({"jobs"})),
    ("engagements", frozenset({"engagements"})),
    ("strategy", frozenset({"strategy"})),
    ("imports", frozenset({"imports"})),
    ("site", frozenset({"site"})),
    ("project", frozenset({"settings", "urls", "api_urls", "wsgi", "__main__"})),
)
# What the pure layer may not import at all.
FRAMEWORKS = frozenset({"django", "rest_framework", "drf_spectacular", "django_filters", "axes"})
DYNAMIC_IMPORTS = frozenset({"import_module", "import_string"})


def layer_of(module: str) -> tuple[int, str]:
    """The layer of a module of ours (``omvarld.core.views``): its position from the bottom, and its name."""
    parts = module.split(".")
    assert parts[0] == "omvarld", module
    first = parts[1] if len(parts) > 1 else ""
    for position, (name, members) in enumerate(LAYERS):
        if first in members:
            return position, name
    raise LookupError(f"{module} belongs to no layer; add its app to LAYERS and to CONTRIBUTING.md")


def violations(imports: Iterable[tuple[str, str]]) -> list[str]:
    """Each import (importer, imported) of ours that reaches a layer above the importer's."""
    found = []
    for importer, imported in sorted(set(imports)):
        (low, low_name), (high, high_name) = layer_of(importer), layer_of(imported)
        if high > low:
            found.append(
                f"{importer} imports {imported}: {low_name} may not import {high_name}, a layer above"
            )
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str, source: str, *, is_package: bool = False) -> set[str]:
    """Every module name the source imports (ours and others'), wherever in the file the import stands."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            # ``from omvarld import geo`` imports the module omvarld.geo; ``from omvarld.core.views import
            # PermissionMixin`` a name of omvarld.core.views, which is in core's layer all the same.
            found.update(f"{prefix}.{alias.name}" if alias.name != "*" else prefix for alias in node.names)
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in DYNAMIC_IMPORTS and node.args and isinstance(node.args[0], ast.Constant):
                target = node.args[0].value
                if isinstance(target, str):
                    found.add(target.rsplit(".", 1)[0] if name == "import_string" else target)
    return found


def _ours(names: Iterable[str]) -> set[str]:
    """Our modules among the names: ``omvarld.accounts.permissions.Action`` counts as its module's app."""
    return {name for name in names if name == "omvarld" or name.startswith("omvarld.")}


def modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        found[name] = (path, is_package)
    return found


def the_import_graph() -> list[tuple[str, str]]:
    graph = []
    for module, (path, is_package) in modules().items():
        names = imports_of(module, path.read_text(encoding="utf-8"), is_package=is_package)
        graph.extend((module, imported) for imported in _ours(names))
    return graph


# --- The rule, shown on imports written out ------------------------------------------------------------


def test_an_import_from_a_layer_above_is_a_violation() -> None:
    assert violations([("omvarld.core.views", "omvarld.accounts.permissions")]) == [
        "omvarld.core.views imports omvarld.accounts.permissions: core may not import accounts, a layer above"
    ]
    assert violations(
        [
            ("omvarld.audit.services", "omvarld.organisation.models"),
            ("omvarld.accounts.permissions", "omvarld.organisation.models.Unit"),
            ("omvarld.organisation.views", "omvarld.site.navigation"),
            ("omvarld.geo", "omvarld.core.errors"),
            ("omvarld.site.views", "omvarld.urls"),
        ]
    ) == [
        "omvarld.accounts.permissions imports omvarld.organisation.models.Unit: accounts may not import "
        "organisation, a layer above",
        "omvarld.audit.services imports omvarld.organisation.models: audit may not import organisation, a "
        "layer above",
        "omvarld.geo imports omvarld.core.errors: pure may not import core, a layer above",
        "omvarld.organisation.views imports omvarld.site.navigation: organisation may not import site, a "
        "layer above",
        "omvarld.site.views imports omvarld.urls: site may not import project, a layer above",
    ]


def test_imports_downwards_and_within_a_layer_are_allowed() -> None:
    assert (
        violations(
            [
                ("omvarld.organisation.services", "omvarld.audit.services"),
                ("omvarld.organisation.services", "omvarld.accounts.permissions"),
                ("omvarld.accounts.services", "omvarld.audit.services"),
                ("omvarld.audit.selectors", "omvarld.core.permissions"),
                ("omvarld.policy.facts", "omvarld.geo"),
                ("omvarld.core.errors", "omvarld.core.context"),
                ("omvarld.site.selectors", "omvarld.organisation.selectors"),
                ("omvarld.urls", "omvarld.site.views"),
                ("omvarld.settings", "omvarld.env"),
            ]
        )
        == []
    )


def test_a_module_of_an_app_without_a_layer_is_refused() -> None:
    with pytest.raises(LookupError, match="belongs to no layer"):
        layer_of("omvarld.goals.models")


def test_every_form_of_import_is_found() -> None:
    source = textwrap.dedent(
        """
        from __future__ import annotations
        import importlib
        import omvarld.accounts.models
        from typing import TYPE_CHECKING
        from django.utils.module_loading import import_string
        from omvarld import organisation
        from . import selectors
        from ..site import views as site_views

        if TYPE_CHECKING:
            from omvarld.accounts.permissions import User

        def late():
            from omvarld.site.demo import load_demo
            importlib.import_module("omvarld.organisation.models")
            return import_string("omvarld.site.navigation.navigation_for")
        """
    )
    found = _ours(imports_of("omvarld.core.views", source))
    assert found == {
        "omvarld.accounts.models",
        "omvarld.accounts.permissions.User",
        "omvarld.organisation",
        "omvarld.organisation.models",
        "omvarld.core.selectors",
        "omvarld.site.views",
        "omvarld.site.demo.load_demo",
        "omvarld.site.navigation",
    }
    assert len(violations(("omvarld.core.views", name) for name in found)) == 7
    # In a package's __init__, "." is the package itself.
    assert _ours(imports_of("omvarld.geo", "from ._curated import EXONYMS", is_package=True)) == {
        "omvarld.geo._curated.EXONYMS",
    }


# --- The code as it is ---------------------------------------------------------------------------------


def test_every_module_belongs_to_a_layer() -> None:
    for module in modules():
        layer_of(module)


def test_no_module_imports_a_layer_above_its_own() -> None:
    graph = the_import_graph()
    assert len(graph) > 100  # the parser sees the code: a broken walk would pass with nothing found
    assert violations(graph) == []


def test_the_pure_layer_imports_no_framework() -> None:
    pure = LAYERS[0][1]
    offending = []
    for module, (path, is_package) in modules().items():
        if layer_of(module)[1] != "pure":
            continue
        for name in imports_of(module, path.read_text(encoding="utf-8"), is_package=is_package):
            if name.split(".")[0] in FRAMEWORKS:
                offending.append(f"{module} imports {name}")
    assert pure == {"policy", "geo", "env", ""}
    assert offending == []


def test_audit_and_organisation_keep_their_order() -> None:
    """The audit log lies below the domain apps: organisation writes to it, it never reads organisation."""
    graph = the_import_graph()
    organisation_on_audit = [
        (a, b) for a, b in graph if a.startswith("omvarld.organisation.") and b.startswith("omvarld.audit")
    ]
    audit_on_organisation = [
        (a, b) for a, b in graph if a.startswith("omvarld.audit") and b.startswith("omvarld.organisation")
    ]
    assert organisation_on_audit
    assert audit_on_organisation == []
