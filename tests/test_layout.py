"""The house: one folder per pipeline stage, and imports only toward earlier stages."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "notedeck"
# The pipeline's stages in order; a module may import from its own stage and earlier ones.
STAGES = ("inputs", "parse", "model", "render", "output")
ORCHESTRATION = ("build", "cache", "adopt")  # may import from any stage
SHARED = ("errors", "__init__")  # used by everything


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every notedeck module ``path`` imports, at the top or inside functions."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("notedeck"):
                continue
            for alias in node.names:  # `from . import cards` imports the module notedeck.model.cards
                sub = f"{target}.{alias.name}"
                found.append((node.lineno, sub if (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").exists()
                              or (PACKAGE.parent / Path(*sub.split("."))).is_dir() else target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("notedeck")]
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_lives_in_a_stage_folder() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.stem not in SHARED + ("__main__",))
    assert loose == [], f"modules outside the stage folders: {loose}"
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert folders == sorted(STAGES + ORCHESTRATION + ("cli",))


def test_imports_go_only_toward_earlier_stages() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _stage(_module(path))
        for line, target in _imports(path):
            there = _stage(target)
            if there in SHARED or there == here:
                continue
            if there == "cli":
                if path.name != "__main__.py":
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line}: imports the CLI ({target})")
            elif here in STAGES and (there in ORCHESTRATION or STAGES.index(there) > STAGES.index(here)):
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {here} imports the later {there} ({target})")
    assert wrong == []
