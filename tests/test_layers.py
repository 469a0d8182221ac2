"""The pipeline's layers, as an import contract: data flows one way.

    content  files → [Document]
    images   image files → processed copies (`Picture`)
    site     [Document] + pictures → Site
    render   Site + theme → [Output]
    publish  [Output] → _site/
    serve    the dev server          authoring  what writes into content/
                                     importer   other blogs' exports, into content/
    peers    other schools' catalogues, fetched by `sharesite network fetch` and kept

Each layer may import the modules at the bottom (config, errors, digest, outputs, …) and
the layers before it, never one after it. Every `import` counts: at the top of a module,
inside a function, or for type checking only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sharesite"
LAYERS = ("content", "images", "site", "render", "publish", "serve", "authoring",
          "importer")
# They run the stages: no stage imports them. peer_sites runs them for a peer's site kept
# in this repository (the example's), for the build.
DRIVERS = ("build", "cache", "peer_sites", "cli", "__main__")

# What each part of sharesite must not import (by the first name after "sharesite.").
FORBIDDEN: dict[str, set[str]] = {
    "bottom": set(LAYERS) | set(DRIVERS) | {"peers", "hub"},
    "content": {"images", "site", "render", "hub", "publish", "serve", "authoring", "importer",
                *DRIVERS},
    "images": {"site", "render", "hub", "publish", "serve", "authoring", "importer", *DRIVERS},
    "site": {"render", "hub", "publish", "serve", "authoring", "importer", *DRIVERS},
    "render": {"publish", "serve", "authoring", "importer", *DRIVERS},
    # a hub's browse files and search bundles: made from the site, beside render
    "hub": {"publish", "serve", "authoring", "importer", *DRIVERS},
    "publish": {"content", "images", "site", "render", "hub", "serve", "authoring", "importer",
                *DRIVERS},
    # other schools' catalogues, fetched and kept: read by the build, reads no stage
    "peers": {"content", "images", "site", "render", "hub", "publish", "serve", "authoring",
              "importer", *DRIVERS},
    "authoring": {"render", "publish", "serve", "importer", *DRIVERS},
    # WordPress and Blogger exports, written into content/ as authoring writes
    "importer": {"render", "publish", "serve", *DRIVERS},
    "build": {"serve", "authoring", "importer", "cli", "__main__"},
    "cache": {"serve", "authoring", "importer", "build", "cli", "__main__"},
    "peer_sites": {"serve", "authoring", "importer", "build", "cli", "__main__"},
    "serve": {"authoring", "cli", "__main__"},
    "cli": {"__main__"},
    "__main__": set(),
}


def part_of(module: str) -> str:
    """"sharesite.render.feeds" → "render"; a module at the top that runs no stage → "bottom"."""
    first = module.split(".")[1] if "." in module else ""
    return first if first in FORBIDDEN else "bottom"


def imported(source: str, module: str) -> list[tuple[int, str]]:
    """Every sharesite module `source` imports, with its line ("sharesite.site.urls")."""
    package = module.split(".")
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package
                base = ".".join(package[:len(package) - node.level] +
                                ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base == "sharesite":  # from sharesite import x: x is a module or a name
                found += [(node.lineno, f"sharesite.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return sorted((line, name) for line, name in found if name.startswith("sharesite."))


def crossings(source: str, module: str) -> list[str]:
    """`module`'s imports that cross a layer the wrong way, as "file:line: a imports b"."""
    here = part_of(module)
    problems = []
    for line, name in imported(source, module):
        there = name.split(".")[1]
        if there in FORBIDDEN[here]:
            problems.append(f"{module}:{line}: {here} imports {name}")
    return problems


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((".".join(parts), path))
    return found


def test_every_layer_package_exists() -> None:
    for layer in LAYERS:
        assert (PACKAGE / layer / "__init__.py").is_file(), layer


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_no_module_crosses_a_layer(module: str, path: Path) -> None:
    assert crossings(path.read_text(encoding="utf-8"), module) == []


def test_a_crossing_is_found_wherever_the_import_is() -> None:
    """The contract can fail: a top-level, a lazy, a relative and a type-only import."""
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from sharesite.site.urls import Urls\n"  # allowed: render may read site
        "from sharesite.publish import swap\n"
        "if TYPE_CHECKING:\n"
        "    from sharesite.serve.http import Preview\n"
        "def later():\n"
        "    import sharesite.build\n"
        "    from ..authoring import files\n"
        "    from sharesite import cli\n"
    )
    assert crossings(source, "sharesite.render.pages") == [
        "sharesite.render.pages:4: render imports sharesite.publish",
        "sharesite.render.pages:6: render imports sharesite.serve.http",
        "sharesite.render.pages:8: render imports sharesite.build",
        "sharesite.render.pages:9: render imports sharesite.authoring",
        "sharesite.render.pages:10: render imports sharesite.cli",
    ]
    assert crossings("from sharesite.render.theme import Theme\n", "sharesite.content.x") == \
        ["sharesite.content.x:1: content imports sharesite.render.theme"]
    assert crossings("from sharesite.digest import digest\n", "sharesite.content.x") == []
